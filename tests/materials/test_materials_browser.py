"""In headless Chromium: an applicant uploads a 48-MP phone photo and two separate
certificates; the page shows the automatic reduction and 第N份 labels, on a laptop and on a
phone screen, without horizontal scrolling."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from factories import PASSWORD, DeclarationFactory
from playwright.sync_api import expect
from samples import pdf_bytes, photo_bytes

from zhicheng.materials.models import StoredFile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_photo_reduction_and_copy_labels(browser, live_server, tmp_path):
    # An earlier transactional test's flush may have taken the catalogue rows with it.
    importlib.import_module("zhicheng.materials.migrations.0002_default_catalogue").load(
        apps, None)
    decl = DeclarationFactory()
    photo = tmp_path / "IMG_20170512_093011.jpg"
    photo.write_bytes(photo_bytes((8000, 6000), orientation=6))
    bachelor, master = tmp_path / "本科毕业证.pdf", tmp_path / "硕士学位证.pdf"
    bachelor.write_bytes(pdf_bytes(1))
    master.write_bytes(pdf_bytes(2))

    # One test for both screens: a transactional test's flush takes the catalogue with it.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", decl.applicant.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")
    page.goto(f"{live_server.url}/materials/declarations/{decl.pk}/")

    page.set_input_files("#file-id_card", str(photo))
    page.locator("#slot-id_card form.material-upload button").click()
    expect(page.locator("#slot-id_card [data-testid=reduction-note]")).to_contain_text(
        "已自动压缩：8000×6000 → 3000×4000")
    sf = StoredFile.objects.get()
    expect(page.locator(".msg-success")).to_have_text(
        f"已上传「居民身份证」：IMG_20170512_093011.jpg（第1份）。{sf.reduction_note}")

    for path in (bachelor, master):
        page.set_input_files("#file-education_certificate", str(path))
        page.locator("#slot-education_certificate form.material-upload button").click()
        expect(page.locator(".msg-success")).to_contain_text(f"{path.name}（")
    files = page.locator("#slot-education_certificate .material-file .muted")
    expect(files).to_have_count(2)
    assert [t.rsplit("· ", 1)[1] for t in files.all_inner_texts()] == ["第1份", "第2份"]
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        expect(page.locator("#slot-id_card [data-testid=reduction-note]")).to_have_text(
            sf.reduction_note)
        expect(files).to_have_count(2)
        assert no_horizontal_scroll(page), f"horizontal scrolling at {width}×{height}"
        page.screenshot(path=str(ARTIFACTS / f"materials-photo-and-labels-{width}.png"),
                        full_page=True)
    context.close()
