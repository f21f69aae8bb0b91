"""Pages: form and htmx uploads, streamed size cap, interrupted bodies, guarded downloads."""

import hashlib

import pytest
from factories import DeclarationFactory, UnitFactory, applicant, official, submitted_once
from samples import EXE, image_bytes, pdf_bytes, photo_bytes, stored_paths, upload

from zhicheng.core.models import Role
from zhicheng.declarations.models import State
from zhicheng.materials.domain import reduction, upload_material
from zhicheng.materials.models import MaterialFile, StoredFile

pytestmark = [pytest.mark.django_db, pytest.mark.urls("materials.urls_materials")]

HTMX = {"HX-Request": "true"}


def upload_url(decl, code):
    return f"/materials/declarations/{decl.pk}/{code}/upload/"


def slots_url(decl):
    return f"/materials/declarations/{decl.pk}/"


@pytest.fixture
def tmp_uploads(settings, tmp_path):
    """Django's own temporary upload files go here, to check none is left behind."""
    path = tmp_path / "upload-tmp"
    path.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(path)
    return path


def test_applicant_sees_slots(client, decl):
    client.force_login(decl.applicant)
    page = client.get(slots_url(decl))
    assert page.status_code == 200
    codes = [s.code for s in page.context["slots"]]
    assert codes == ["id_card", "education_certificate", "title_certificate",
                     "continuing_education_certificate", "achievement_proof", "pledge"]
    text = page.text
    assert "继续教育合格证明" in text and "§3.2.2" in text
    assert text.count('<span class="badge badge-required">必传</span>') == 5
    assert "选传" in text
    assert "单个文件不超过 10 MB，PDF 不超过 4 页" in text
    assert 'accept=".pdf,application/pdf,.jpg,.jpeg,image/jpeg,.png,image/png"' in text
    assert "§4.3.2" in text  # the verification paths for education certificates


def test_form_upload_redirects_with_message(client, decl, file_store):
    client.force_login(decl.applicant)
    content = pdf_bytes(2)
    response = client.post(upload_url(decl, "pledge"),
                           {"file": upload("承诺书.pdf", content), "next": slots_url(decl)},
                           follow=True)
    assert response.redirect_chain == [(slots_url(decl), 302)]
    assert "已上传「诚信承诺书」：承诺书.pdf（第1份）。" in response.text
    sf = StoredFile.objects.get()
    assert sf.sha256 == hashlib.sha256(content).hexdigest()
    assert stored_paths(file_store) == [sf.storage_name]
    assert f'href="/materials/files/{sf.material_file.pk}/download/"' in response.text


def test_htmx_upload_returns_partial(client, decl):
    client.force_login(decl.applicant)
    response = client.post(upload_url(decl, "id_card"),
                           {"file": upload("scan.jpg", pdf_bytes())}, headers=HTMX)
    assert response.status_code == 200
    assert response.templates[0].name == "materials/_slots.html"
    assert ("已上传「居民身份证」：scan.pdf（第1份）。文件名已规范为「scan.pdf」。"
            in response.text)
    assert "<html" not in response.text


def test_htmx_refusal_is_shown_next_to_its_slot(client, decl, file_store):
    client.force_login(decl.applicant)
    response = client.post(upload_url(decl, "id_card"),
                           {"file": upload("身份证.pdf", EXE)}, headers=HTMX)
    assert response.status_code == 200
    [slot] = [s for s in response.context["slots"] if s.code == "id_card"]
    assert slot.error == ("文件的实际内容是Windows 可执行程序（EXE/DLL），不是「居民身份证」"
                          "接受的格式（PDF、JPEG、PNG）。请上传原件扫描件。")
    assert 'data-testid="slot-error"' in response.text
    assert StoredFile.objects.count() == 0
    assert stored_paths(file_store) == []


def test_form_refusal_is_a_message(client, decl, file_store):
    client.force_login(decl.applicant)
    response = client.post(upload_url(decl, "id_card"), {"file": upload("a.pdf", b"")},
                           follow=True)
    assert "文件是空的（0 字节），请重新选择要上传的文件。" in response.text
    assert StoredFile.objects.count() == 0
    assert stored_paths(file_store) == []


def test_missing_file_field(client, decl):
    client.force_login(decl.applicant)
    response = client.post(upload_url(decl, "id_card"), {}, follow=True)
    assert "请选择要上传的文件。" in response.text


class ZeroBody:
    """A request body that is produced as it is read: 200 MB never sits in memory."""

    def __init__(self, head: bytes, zeros: int, tail: bytes):
        self.parts = [head, zeros, tail]
        self.length = len(head) + zeros + len(tail)
        self.largest = 0  # the most the server took in one call

    def read(self, size=-1):
        out = b""
        while self.parts and (size < 0 or len(out) < size):
            part = self.parts[0]
            want = (size - len(out)) if size >= 0 else 1 << 20
            if isinstance(part, int):
                n = min(part, want)
                out += bytes(n)
                self.parts[0] -= n
                if self.parts[0] == 0:
                    self.parts.pop(0)
            else:
                out += part[:want]
                if len(part) <= want:
                    self.parts.pop(0)
                else:
                    self.parts[0] = part[want:]
        self.largest = max(self.largest, len(out))
        return out

    def readline(self, size=-1):
        """As a socket file does: up to a newline, which a run of zeros never has."""
        out = b""
        while size < 0 or len(out) < size:
            byte = self.read(1) if self.parts and not isinstance(self.parts[0], int) else \
                self.read(min(1 << 20, size - len(out)) if size >= 0 else 1 << 20)
            if not byte:
                break
            out += byte
            if byte.endswith(b"\n"):
                break
        self.largest = max(self.largest, len(out))
        return out


def multipart_head(boundary: str, filename: str) -> bytes:
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{filename}\"\r\nContent-Type: application/pdf\r\n\r\n").encode()


def post_stream(client, path, body: ZeroBody, boundary: str):
    return client.request(**{
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "",
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(body.length), "wsgi.input": body, "HTTP_HX_REQUEST": "true"})


def test_200_mb_upload_is_stopped_while_streaming(client, decl, file_store, tmp_uploads):
    client.force_login(decl.applicant)
    boundary = "zhichengboundary"
    body = ZeroBody(multipart_head(boundary, "大文件.pdf") + b"%PDF-1.7\n", 200 * 1024 * 1024,
                    f"\r\n--{boundary}--\r\n".encode())
    response = post_stream(client, upload_url(decl, "achievement_proof"), body, boundary)
    assert response.status_code == 200
    assert response.wsgi_request.FILES == {}  # stopped by the handler, never spooled whole
    assert response.wsgi_request.materials_upload_refused.startswith("文件超过系统允许的上限")
    [slot] = [s for s in response.context["slots"] if s.code == "achievement_proof"]
    assert slot.error == ("文件超过系统允许的上限 50 MB，已停止接收，未予保存。"
                          "请压缩或拆分后再上传。")
    assert (MaterialFile.objects.count(), StoredFile.objects.count()) == (0, 0)
    assert stored_paths(file_store) == []
    assert list(tmp_uploads.iterdir()) == []
    assert body.parts == []  # all of it was read (so the client gets the answer) …
    assert body.largest <= 1024 * 1024  # … in small pieces, never held whole


def test_interrupted_multipart_body_leaves_nothing(client, decl, file_store, tmp_uploads):
    client.force_login(decl.applicant)
    boundary = "zhichengboundary"
    content = pdf_bytes(3)
    # The client goes away half-way: no closing boundary ever arrives.
    body = ZeroBody(multipart_head(boundary, "a.pdf") + content[: len(content) // 2], 0, b"")
    response = post_stream(client, upload_url(decl, "pledge"), body, boundary)
    [slot] = [s for s in response.context["slots"] if s.code == "pledge"]
    assert slot.error == "上传中断，文件未完整接收，未予保存。请检查网络后重新上传。"
    assert (MaterialFile.objects.count(), StoredFile.objects.count()) == (0, 0)
    assert stored_paths(file_store) == []
    assert list(tmp_uploads.iterdir()) == []


def test_upload_needs_csrf_token(decl):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(decl.applicant)
    response = client.post(upload_url(decl, "pledge"), {"file": upload("a.pdf", pdf_bytes())})
    assert response.status_code == 403
    assert StoredFile.objects.count() == 0


def test_locked_declaration_shows_clause_and_no_upload_form(client, mtype):
    decl = DeclarationFactory(state=State.ACCEPTED_BY_COMMITTEE)
    client.force_login(decl.applicant)
    page = client.get(slots_url(decl))
    assert ("申报材料已报送评委会，按桂职办〔2017〕26号 §3.2.1 不允许补充或更换材料。"
            in page.text)
    assert 'type="file"' not in page.text
    response = client.post(upload_url(decl, "pledge"), {"file": upload("a.pdf", pdf_bytes())},
                           follow=True)
    assert ('<div class="msg msg-error" role="status">申报材料已报送评委会，按桂职办〔2017〕26号'
            " §3.2.1 不允许补充或更换材料。</div>" in response.text)
    assert StoredFile.objects.count() == 0


def test_upload_to_someone_elses_declaration_is_404(client, decl, file_store):
    client.force_login(applicant())
    response = client.post(upload_url(decl, "pledge"), {"file": upload("a.pdf", pdf_bytes())})
    assert response.status_code == 404
    assert stored_paths(file_store) == []


def test_unknown_type_is_404(client, decl):
    client.force_login(decl.applicant)
    response = client.post(upload_url(decl, "no-such-type"),
                           {"file": upload("a.pdf", pdf_bytes())})
    assert response.status_code == 404


@pytest.fixture
def uploaded(decl, mtype):
    content = pdf_bytes(1)
    mf = upload_material(declaration=decl, material_type=mtype("pledge"),
                         upload=upload("诚信 承诺书.pdf", content), actor=decl.applicant)
    return mf, content


def download(client, mf):
    return client.get(f"/materials/files/{mf.pk}/download/")


def test_applicant_downloads_own_file(client, decl, uploaded):
    mf, content = uploaded
    client.force_login(decl.applicant)
    response = download(client, mf)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E8%AF%9A%E4%BF%A1%20%E6%89%BF%E8%AF%BA%E4%B9%A6.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_own_unit_hr_downloads(client, decl, uploaded):
    mf, content = uploaded
    client.force_login(official(Role.UNIT_HR, unit=decl.unit))
    assert download(client, mf).status_code == 404  # a never-submitted draft
    submitted_once(decl)
    response = download(client, mf)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize("who", ["other_unit_hr", "other_applicant"])
def test_others_get_404(client, uploaded, who):
    mf, _ = uploaded
    user = official(Role.UNIT_HR, unit=UnitFactory()) if who == "other_unit_hr" else applicant()
    client.force_login(user)
    assert download(client, mf).status_code == 404
    history = client.get(f"/materials/declarations/{mf.declaration_id}/pledge/history/")
    assert history.status_code == 404


def test_anonymous_is_sent_to_login(client, uploaded):
    mf, _ = uploaded
    response = download(client, mf)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_x_accel_redirect_when_configured(client, decl, uploaded, settings):
    mf, _ = uploaded
    settings.ZHICHENG_FILES_X_ACCEL_PREFIX = "/protected/"
    client.force_login(decl.applicant)
    response = download(client, mf)
    assert response["X-Accel-Redirect"] == "/protected/" + mf.stored_file.storage_name
    assert response.content == b""


def test_replace_remove_and_history_page(client, decl, uploaded):
    first, _ = uploaded
    client.force_login(decl.applicant)
    client.post(upload_url(decl, "pledge"), {"file": upload("新承诺书.png", image_bytes(),
                                                            )})
    second = MaterialFile.objects.get(is_current=True)
    response = client.post(f"/materials/files/{second.pk}/remove/", headers=HTMX)
    assert "已删除「诚信承诺书」中的文件「新承诺书.png」（历史版本仍保留）。" in response.text
    page = client.get(f"/materials/declarations/{decl.pk}/pledge/history/")
    assert [v.version for v in page.context["versions"]] == [2, 1]
    assert "已删除" in page.text and "已被替换" in page.text
    assert first.stored_file.sha256[:16] in page.text
    # Old versions stay downloadable for those who may see the declaration.
    assert download(client, first).status_code == 200


def test_official_cannot_remove(client, decl, uploaded):
    mf, _ = uploaded
    decl.state = State.RETURNED  # returned for changes: the unit sees it (a draft it does not)
    decl.save()
    client.force_login(official(Role.UNIT_HR, unit=decl.unit))
    response = client.post(f"/materials/files/{mf.pk}/remove/", follow=True)
    assert "只有申报人本人可以上传、更换或删除申报材料。" in response.text
    mf.refresh_from_db()
    assert mf.is_current is True


def slot_labels(html: str, code: str) -> list[str]:
    import re

    row = html[html.index(f'id="slot-{code}"'):]
    row = row[:row.index("</tr>")]
    return re.findall(r"· (第\d+份(?: · 第\d+版)?)</span>", row)


def test_second_separate_file_is_a_second_copy_not_a_version(client, decl, file_store):
    client.force_login(decl.applicant)
    url = upload_url(decl, "education_certificate")  # up to 5 files
    first = client.post(url, {"file": upload("本科.pdf", pdf_bytes())}, headers=HTMX)
    assert "已上传「学历（学位）证书」：本科.pdf（第1份）。" in first.text
    second = client.post(url, {"file": upload("硕士.pdf", pdf_bytes())}, headers=HTMX)
    assert "已上传「学历（学位）证书」：硕士.pdf（第2份）。" in second.text
    assert slot_labels(second.text, "education_certificate") == ["第1份", "第2份"]
    assert "第2版" not in second.text

    master = MaterialFile.objects.get(stored_file__original_name="硕士.pdf")
    replaced = client.post(url, {"file": upload("硕士（清晰）.pdf", pdf_bytes()),
                                 "replaces": master.pk}, headers=HTMX)
    assert "已上传「学历（学位）证书」：硕士（清晰）.pdf（第2份 · 第2版）。" in replaced.text
    assert slot_labels(replaced.text, "education_certificate") == ["第1份", "第2份 · 第2版"]

    page = client.get(f"/materials/declarations/{decl.pk}/education_certificate/history/")
    assert [(v.version, v.label, v.status_label) for v in page.context["versions"]] == [
        (3, "第2份 · 第2版", "当前有效"), (2, "第2份", "已被替换"), (1, "第1份", "当前有效")]
    assert "<td>第2份 · 第2版</td>" in page.text and "<td>第1份</td>" in page.text


def test_phone_photo_upload_shows_the_reduction(client, decl, file_store, tmp_uploads,
                                                settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # Django spools the upload to tmp_uploads
    content = photo_bytes((8000, 6000), orientation=6)
    client.force_login(decl.applicant)
    response = client.post(upload_url(decl, "id_card"),
                           {"file": upload("IMG_2041.jpg", content, "image/jpeg")},
                           headers=HTMX)
    sf = StoredFile.objects.get()
    note = (f"已自动压缩：8000×6000 → 3000×4000（{len(content) / 2**20:.1f} MB → "
            f"{sf.size / 2**20:.1f} MB）。")
    assert f"已上传「居民身份证」：IMG_2041.jpg（第1份）。{note}" in response.text
    assert f'<span class="hint reduction-note" data-testid="reduction-note">{note}</span>' in (
        response.text)
    assert list(tmp_uploads.iterdir()) == []  # Django's spooled copy and the reduced copy
    page = client.get(f"/materials/declarations/{decl.pk}/id_card/history/")
    assert f"{note}原文件 SHA-256：" in page.text
    assert hashlib.sha256(content).hexdigest()[:16] in page.text
    assert "3000×4000" in page.text


def test_failed_reduction_over_http_leaves_nothing(client, decl, file_store, tmp_uploads,
                                                   settings, monkeypatch):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0

    def broken(image, fmt, icc, out):
        out.write(b"\xff\xd8\xff")
        raise OSError("no space left on device")

    monkeypatch.setattr(reduction, "_encode", broken)
    client.force_login(decl.applicant)
    response = client.post(upload_url(decl, "id_card"),
                           {"file": upload("IMG.jpg", photo_bytes((8000, 6000), noise_rows=0),
                                           "image/jpeg")}, headers=HTMX)
    assert ('<div class="msg msg-error" role="alert" data-testid="slot-error">'
            "图片无法自动压缩（文件内容异常），未予保存。请重新拍照或扫描后上传，或先自行压缩。"
            "</div>") in response.text
    assert (MaterialFile.objects.count(), StoredFile.objects.count()) == (0, 0)
    assert stored_paths(file_store) == []
    assert list(tmp_uploads.iterdir()) == []


@pytest.mark.parametrize("memory_size", [2_621_440, 0], ids=["in memory", "spooled to disk"])
def test_the_sha256_is_computed_while_the_body_streams_in(client, decl, file_store, tmp_uploads,
                                                          settings, monkeypatch, memory_size):
    """The upload handler hashes every chunk as it arrives; the check does not read the
    file again to hash it (issue 10). The stored digest is the bytes' own."""
    from zhicheng.materials.domain import validation

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = memory_size

    def no_second_read(f):
        raise AssertionError("the upload was read again to hash it")

    monkeypatch.setattr(validation, "digest", no_second_read)
    content = pdf_bytes(3)
    client.force_login(decl.applicant)
    response = client.post(upload_url(decl, "pledge"), {"file": upload("承诺书.pdf", content)},
                           headers=HTMX)
    assert "已上传「诚信承诺书」" in response.text
    sf = StoredFile.objects.get()
    assert (sf.sha256, sf.size) == (hashlib.sha256(content).hexdigest(), len(content))
    assert list(tmp_uploads.iterdir()) == []


def _large_pdf(mb: int) -> bytes:
    """A valid PDF of a few MB (an incompressible attachment): several upload chunks."""
    import io
    import os

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("scan.bin", os.urandom(mb * 1024 * 1024))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_file_of_many_chunks_is_spooled_in_order(client, decl, file_store, tmp_uploads,
                                                    settings):
    """The temporary file is written behind the parser (upload_handlers): chunk after chunk,
    in order, all of it before the checks read it."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    content = _large_pdf(5)
    client.force_login(decl.applicant)
    response = client.post(upload_url(decl, "achievement_proof"),
                           {"file": upload("扫描件.pdf", content)}, headers=HTMX)
    assert "已上传「业绩成果证明材料」：扫描件.pdf" in response.text
    sf = StoredFile.objects.get()
    assert (sf.sha256, sf.size) == (hashlib.sha256(content).hexdigest(), len(content))
    assert (file_store / sf.storage_name).read_bytes() == content
    assert list(tmp_uploads.iterdir()) == []


def test_a_failing_write_of_the_spooled_file_stores_nothing(client, decl, file_store,
                                                            tmp_uploads, settings, monkeypatch):
    """A full disk while spooling: the upload counts as not received, as before the write
    moved behind the parser."""
    import gc

    from django.core.files.uploadedfile import TemporaryUploadedFile

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0

    def full(data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(TemporaryUploadedFile, "write", property(lambda self: full),
                        raising=False)
    client.force_login(decl.applicant)
    response = client.post(upload_url(decl, "achievement_proof"),
                           {"file": upload("扫描件.pdf", _large_pdf(3))}, headers=HTMX)
    [slot] = [s for s in response.context["slots"] if s.code == "achievement_proof"]
    assert slot.error == "上传中断，文件未完整接收，未予保存。请检查网络后重新上传。"
    assert (MaterialFile.objects.count(), StoredFile.objects.count()) == (0, 0)
    assert stored_paths(file_store) == []
    del response
    gc.collect()
    assert list(tmp_uploads.iterdir()) == []
