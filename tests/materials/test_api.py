"""The REST endpoints: same domain, same scope rules, JSON answers in Chinese."""

import hashlib

import pytest
from factories import (
    DeclarationFactory,
    UnitFactory,
    applicant,
    id_number,
    official,
    submitted_once,
)
from samples import EXE, pdf_bytes, stored_paths, upload

from zhicheng.core.models import Role
from zhicheng.declarations.models import State
from zhicheng.materials.models import MaterialFile, StoredFile

pytestmark = [pytest.mark.django_db, pytest.mark.urls("materials.urls_materials")]

API = "/api/test/materials"


def files_url(decl, code):
    return f"{API}/declarations/{decl.pk}/slots/{code}/files"


def test_list_slots(client, decl):
    client.force_login(decl.applicant)
    response = client.get(f"{API}/declarations/{decl.pk}/slots")
    assert response.status_code == 200
    slots = response.json()
    assert [s["code"] for s in slots] == [
        "id_card", "education_certificate", "title_certificate",
        "continuing_education_certificate", "achievement_proof", "pledge"]
    ce = slots[3]
    assert ce == {"code": "continuing_education_certificate", "name": "继续教育合格证明",
                  "clause": "3.2.2", "instruction": ce["instruction"], "required": True,
                  "missing": True, "formats": ["pdf", "jpeg", "png"], "max_size_mb": 10,
                  "max_files": 5, "max_pages": 20, "files": []}


def test_upload_then_list_and_download(client, decl, file_store):
    client.force_login(decl.applicant)
    content = pdf_bytes(2)
    response = client.post(files_url(decl, "pledge"), {"file": upload("承诺书.pdf", content)})
    assert response.status_code == 201
    body = response.json()
    mf = MaterialFile.objects.get()
    assert body == {
        "id": mf.pk, "material_type": "pledge", "version": 1, "label": "第1份",
        "name": "承诺书.pdf",
        "size": len(content), "sha256": hashlib.sha256(content).hexdigest(),
        "content_type": "application/pdf", "page_count": 2, "width": None, "height": None,
        "uploaded_by": decl.applicant.username, "uploaded_at": body["uploaded_at"],
        "status": "当前有效", "is_current": True,
        "download_url": f"/materials/files/{mf.pk}/download/"}
    slots = client.get(f"{API}/declarations/{decl.pk}/slots").json()
    pledge = next(s for s in slots if s["code"] == "pledge")
    assert (pledge["missing"], [f["id"] for f in pledge["files"]]) == (False, [mf.pk])

    download = client.get(f"{API}/files/{mf.pk}/download")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["X-Content-Type-Options"] == "nosniff"


def test_invalid_file_is_400(client, decl, file_store):
    client.force_login(decl.applicant)
    response = client.post(files_url(decl, "id_card"), {"file": upload("a.pdf", EXE)})
    assert response.status_code == 400
    assert response.json() == {
        "code": "wrong_type", "field": "file",
        "message": ("文件的实际内容是Windows 可执行程序（EXE/DLL），不是「居民身份证」"
                    "接受的格式（PDF、JPEG、PNG）。请上传原件扫描件。")}
    assert StoredFile.objects.count() == 0
    assert stored_paths(file_store) == []


def test_missing_file_is_422(client, decl):
    client.force_login(decl.applicant)
    response = client.post(files_url(decl, "id_card"), {})
    assert (response.status_code, response.json()["code"]) == (400, "no_file")


def test_lock_is_409_with_clause(client, file_store):
    decl = DeclarationFactory(state=State.UNDER_EVALUATION)
    client.force_login(decl.applicant)
    response = client.post(files_url(decl, "pledge"), {"file": upload("a.pdf", pdf_bytes())})
    assert response.status_code == 409
    assert response.json() == {
        "code": "materials_locked", "field": None,
        "message": "申报材料已报送评委会，按桂职办〔2017〕26号 §3.2.1 不允许补充或更换材料。"}
    assert stored_paths(file_store) == []


def test_replace_remove_history(client, decl):
    client.force_login(decl.applicant)
    first = client.post(files_url(decl, "id_card"), {"file": upload("a.pdf", pdf_bytes())}).json()
    second = client.post(files_url(decl, "id_card"),
                         {"file": upload("b.pdf", pdf_bytes()), "replaces": first["id"]}).json()
    assert (second["version"], second["label"]) == (2, "第1份 · 第2版")
    removed = client.delete(f"{API}/files/{second['id']}")
    assert (removed.status_code, removed.json()["status"]) == (200, "已删除")
    history = client.get(f"{API}/declarations/{decl.pk}/slots/id_card/history").json()
    assert [(h["version"], h["status"]) for h in history] == [(2, "已删除"), (1, "已被替换")]


def test_scope(client, decl):
    client.force_login(decl.applicant)
    mf_id = client.post(files_url(decl, "pledge"),
                        {"file": upload("a.pdf", pdf_bytes())}).json()["id"]

    client.force_login(official(Role.UNIT_HR, unit=UnitFactory()))
    for url in (f"{API}/declarations/{decl.pk}/slots", f"{API}/files/{mf_id}/download"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    client.force_login(applicant())
    assert client.delete(f"{API}/files/{mf_id}").status_code == 404
    assert client.post(files_url(decl, "pledge"),
                       {"file": upload("a.pdf", pdf_bytes())}).status_code == 404

    client.force_login(official(Role.UNIT_HR, unit=decl.unit))
    assert client.get(f"{API}/files/{mf_id}/download").status_code == 404  # still a draft
    submitted_once(decl)
    assert client.get(f"{API}/files/{mf_id}/download").status_code == 200
    response = client.delete(f"{API}/files/{mf_id}")
    assert (response.status_code, response.json()["code"]) == (403, "not_applicant")


def test_anonymous_is_401(client, decl):
    assert client.get(f"{API}/declarations/{decl.pk}/slots").status_code == 401


def test_openapi_documents_multipart_upload(client, decl):
    client.force_login(decl.applicant)
    schema = client.get("/api/test/openapi.json").json()
    op = schema["paths"]["/api/test/materials/declarations/{declaration_id}/slots/{code}/files"]
    assert "multipart/form-data" in op["post"]["requestBody"]["content"]


def test_no_id_number_in_uploaded_by_even_for_an_account_named_by_one(client):
    """An account registered before issue 8 (username = ID number) until core 0003 renames it:
    the API names it with the ID number masked."""
    number = id_number()
    person = applicant(username=number, id_number=number)
    decl = DeclarationFactory(applicant=person, id_number=number)
    client.force_login(person)
    created = client.post(files_url(decl, "pledge"), {"file": upload("a.pdf", pdf_bytes())})
    assert created.json()["uploaded_by"] == number[:6] + "********" + number[-4:]
    listing = client.get(f"{API}/declarations/{decl.pk}/slots")
    assert number not in listing.text
    assert number not in client.get(f"{API}/declarations/{decl.pk}/slots/pledge/history").text
