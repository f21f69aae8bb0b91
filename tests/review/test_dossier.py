"""The dossier on the review pages (issue 9): every row and file, the frozen eligibility
record, earlier checks; each item's check beside its material; flat query counts; a refused
save keeps every choice; scans previewed inline behind the download permission."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from samples import image_bytes, pdf_bytes

from zhicheng.declarations.models import Achievement, Education, State, WorkRecord
from zhicheng.materials.domain import upload_material
from zhicheng.materials.models import MaterialType
from zhicheng.review.domain.dossier import dossier
from zhicheng.review.models import CheckItem, ItemCheck

pytestmark = pytest.mark.django_db


def put(decl, code, name, content, content_type):
    """Upload as the applicant did while drafting, then put the declaration back."""
    state, decl.state = decl.state, State.DRAFT
    decl.save()
    mf = upload_material(declaration=decl, material_type=MaterialType.objects.get(code=code),
                         upload=SimpleUploadedFile(name, content, content_type),
                         actor=decl.applicant)
    decl.refresh_from_db()
    decl.state = state
    decl.save()
    return mf


def fill(decl, n: int) -> None:
    """n rows of each kind and n files (education certificate PDFs of 2 pages, achievement
    images)."""
    for i in range(n):
        Education.objects.create(declaration=decl, school=f"广西大学{i}", major="土木工程",
                                 degree="bachelor", graduated_on=datetime.date(2002, 7, 1),
                                 certificate_no=f"1059{i}")
        WorkRecord.objects.create(declaration=decl, starts_on=datetime.date(2002 + i, 7, 1),
                                  employer=f"南宁市政院{i}", position="给排水设计")
        Achievement.objects.create(declaration=decl, kind="paper" if i % 2 else "project",
                                   title=f"城市排水研究{i}", achieved_on=datetime.date(2015, 1, 1))
    for mt in MaterialType.objects.filter(code__in=["education_certificate",
                                                    "achievement_proof"]):
        mt.max_files = 10
        mt.save()


def test_each_item_shows_its_rows_and_scans_beside_its_check(client, h):
    decl = h.make(State.UNIT_REVIEW)
    fill(decl, 2)
    cert = put(decl, "education_certificate", "学历.pdf", pdf_bytes(2), "application/pdf")
    photo = put(decl, "achievement_proof", "奖状.png", image_bytes(), "image/png")
    idcard = put(decl, "id_card", "身份证.jpg", image_bytes("JPEG"), "image/jpeg")
    user = h.hr(decl)
    h.pledge(user, decl.plan)
    client.force_login(user)
    html = client.get(f"/review/unit/{decl.pk}/").text

    def section(item: str) -> str:
        return re.search(rf'data-testid="item-{item}">(.*?)</section>', html, re.S).group(1)

    edu = section("education")
    assert "广西大学0" in edu and "广西大学1" in edu and "未核验" in edu
    assert [f"/materials/files/{cert.pk}/preview/?page={n}" for n in (1, 2)] == re.findall(
        r'<img src="([^"]+)"', edu)
    assert 'name="result_education"' in edu and 'name="remark_education"' in edu
    link = f'href="/approvals/declarations/{decl.pk}/education/" data-testid="education-link"'
    assert link in edu  # the unit records verifications: the link leads to a page it may use
    assert client.get(f"/approvals/declarations/{decl.pk}/education/").status_code == 200
    assert "南宁市政院1" in section("work_experience")
    assert "城市排水研究0" in section("achievements") and "城市排水研究1" in section("papers")
    for item in ("achievements", "papers"):  # one proof serves both items
        assert f'<img src="/materials/files/{photo.pk}/preview/"' in section(item)
    assert f'<img src="/materials/files/{idcard.pk}/preview/"' in section("other")


def test_dossier_queries_do_not_grow_with_rows_files_or_checks(client, h):
    def count(decl) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/review/unit/{decl.pk}/").status_code == 200
        return len(ctx.captured_queries)

    small, big = h.make(State.UNIT_REVIEW), h.make(State.UNIT_REVIEW)
    fill(small, 1)
    fill(big, 6)
    put(small, "achievement_proof", "a.png", image_bytes(), "image/png")
    for i in range(5):
        put(big, "achievement_proof", f"a{i}.png", image_bytes(), "image/png")
    counts = []
    for decl in (small, big):
        user = h.hr(decl)
        h.pledge(user, decl.plan)
        h.check_all(decl, user)
        client.force_login(user)
        counts.append(count(decl))
    h.check_all(big, h.hr(big), result="doubtful")  # a second round of conclusions
    assert counts[0] == counts[1]
    d = dossier(big)
    assert (len(d.education), len(d.work), len(d.achievements) + len(d.papers)) == (6, 6, 6)
    assert len(d.earlier_checks) == len(CheckItem)  # the superseded 属实 round


def test_a_refused_save_keeps_every_choice_and_remark(client, h):
    decl = h.make(State.UNIT_REVIEW)
    user = h.hr(decl)
    h.pledge(user, decl.plan)
    client.force_login(user)
    data = {f"result_{i.value}": "verified" for i in CheckItem}
    data |= {"result_papers": "doubtful", "remark_papers": "",
             "remark_seniority": "与档案一致", "result_education": "false",
             "remark_education": "证书编号查无此证"}
    page = client.post(f"/review/unit/{decl.pk}/checks/", data)
    assert page.status_code == 422
    assert ("「论文著作」审核结论为「存疑」，须填写审核意见，说明存疑或虚假之处"
            "（桂职办〔2017〕26号 §4.1.2）。") in page.text
    checked = dict(re.findall(r'name="result_(\w+)" value="(\w+)" checked', page.text))
    assert checked == {i.value: data[f"result_{i.value}"] for i in CheckItem}
    assert ">与档案一致</textarea>" in page.text and ">证书编号查无此证</textarea>" in page.text
    assert not ItemCheck.objects.exists()


def test_preview_renders_pdf_pages_and_serves_images_to_those_who_may_see(client, h):
    decl = h.make(State.UNIT_REVIEW)
    cert = put(decl, "education_certificate", "学历.pdf", pdf_bytes(2), "application/pdf")
    png = image_bytes()
    photo = put(decl, "achievement_proof", "奖状.png", png, "image/png")
    client.force_login(h.hr(decl))
    page = client.get(f"/materials/files/{cert.pk}/preview/?page=2")
    assert (page.status_code, page["Content-Type"], page["X-Content-Type-Options"]) == (
        200, "image/png", "nosniff")
    rendered = Image.open(io.BytesIO(page.content))
    assert (rendered.format, rendered.width) == ("PNG", 1000)
    assert client.get(f"/materials/files/{cert.pk}/preview/?page=3").status_code == 404
    assert client.get(f"/materials/files/{cert.pk}/preview/?page=x").status_code == 404
    image = client.get(f"/materials/files/{photo.pk}/preview/")
    assert (image["Content-Type"], image["Content-Disposition"], image.content) == (
        "image/png", "inline", png)
    client.force_login(h.hr(h.make()))  # another unit
    assert client.get(f"/materials/files/{photo.pk}/preview/").status_code == 404
    assert client.get(f"/materials/files/{cert.pk}/preview/?page=1").status_code == 404
