"""upload_material / remove_material: every check, nothing half-stored, history kept."""

import hashlib

import pytest
from factories import DeclarationFactory, UnitFactory, applicant, official, submitted_once
from samples import (
    EXE,
    BrokenUpload,
    image_bytes,
    pdf_bytes,
    png_claiming,
    stored_paths,
    upload,
)

from zhicheng.audit.domain import events_for
from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role
from zhicheng.declarations.models import Declaration, State
from zhicheng.materials.domain import LOCKED_MESSAGE, remove_material, upload_material
from zhicheng.materials.domain import uploads as uploads_module
from zhicheng.materials.models import MaterialFile, StoredFile

pytestmark = pytest.mark.django_db


def refuse(decl, mt, up, actor=None):
    with pytest.raises(Refused) as exc:
        upload_material(declaration=decl, material_type=mt, upload=up,
                        actor=actor or decl.applicant)
    return exc.value


def assert_nothing_stored(root):
    assert MaterialFile.objects.count() == 0
    assert StoredFile.objects.count() == 0
    assert stored_paths(root) == []
    assert AuditEvent.objects.filter(action__startswith="material.").count() == 0


def test_pdf_upload_records_everything(decl, mtype, file_store):
    content = pdf_bytes(3)
    mf = upload_material(declaration=decl, material_type=mtype("id_card"),
                         upload=upload("身份证.pdf", content), actor=decl.applicant)

    sf = mf.stored_file
    assert (mf.version, mf.is_current, mf.replaces, mf.superseded_at) == (1, True, None, None)
    assert (sf.original_name, sf.size, sf.content_type, sf.page_count, sf.width) == (
        "身份证.pdf", len(content), "application/pdf", 3, None)
    assert sf.sha256 == hashlib.sha256(content).hexdigest()
    assert sf.uploaded_by == decl.applicant
    assert sf.storage_name.startswith("materials/") and sf.storage_name.endswith(".pdf")
    assert "身份证" not in sf.storage_name
    assert stored_paths(file_store) == [sf.storage_name]
    assert (file_store / sf.storage_name).read_bytes() == content
    [event] = events_for(mf)
    assert (event.action, event.actor_id, event.role, event.scope) == (
        "material.upload", decl.applicant.pk, "applicant", f"user:{decl.applicant.pk}")
    assert event.after["sha256"] == sf.sha256
    assert event.after["version"] == 1
    assert event.before is None


@pytest.mark.parametrize(("fmt", "ctype", "ext"), [("JPEG", "image/jpeg", "jpg"),
                                                   ("PNG", "image/png", "png")])
def test_image_upload_records_dimensions(decl, mtype, fmt, ctype, ext):
    mf = upload_material(declaration=decl, material_type=mtype("id_card"),
                         upload=upload(f"正面.{ext}", image_bytes(fmt, (640, 480)), ctype),
                         actor=decl.applicant)
    sf = mf.stored_file
    assert (sf.content_type, sf.width, sf.height, sf.page_count, sf.original_name) == (
        ctype, 640, 480, None, f"正面.{ext}")


def test_exe_renamed_pdf_is_refused(decl, mtype, file_store):
    exc = refuse(decl, mtype("id_card"), upload("身份证.pdf", EXE))
    assert exc.message == ("文件的实际内容是Windows 可执行程序（EXE/DLL），不是「居民身份证」"
                           "接受的格式（PDF、JPEG、PNG）。请上传原件扫描件。")
    assert exc.code == "wrong_type"
    assert_nothing_stored(file_store)


def encrypted_pdf(*, user: str, algorithm: str, pages: int = 2) -> bytes:
    """A PDF as government e-documents come: an owner password restricting printing and
    copying, and (user="") no password needed to open it."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password=user, owner_password="issuer-owner-pw", algorithm=algorithm,
                   permissions_flag=0)  # no printing, copying or editing
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256"])
def test_pdf_with_only_permission_restrictions_is_accepted(decl, mtype, file_store, algorithm):
    content = encrypted_pdf(user="", algorithm=algorithm)
    mf = upload_material(declaration=decl, material_type=mtype("id_card"),
                         upload=upload("社保缴费证明.pdf", content), actor=decl.applicant)
    sf = mf.stored_file
    assert (sf.page_count, sf.size, sf.original_size) == (2, len(content), None)
    assert (file_store / sf.storage_name).read_bytes() == content  # stored as issued


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_needing_an_open_password_is_refused(decl, mtype, file_store, algorithm):
    exc = refuse(decl, mtype("id_card"),
                 upload("a.pdf", encrypted_pdf(user="secret", algorithm=algorithm)))
    assert exc.message == ("PDF 文件设有打开密码，评审专家无法打开查阅（§3.2.1 要求上传可查阅的"
                           "原件扫描件）。请取消打开密码后重新导出上传；仅限制打印或复制的文件"
                           "可以直接上传。")
    assert exc.code == "pdf_encrypted"
    assert_nothing_stored(file_store)


def test_encrypted_pdf_is_refused(decl, mtype, file_store):
    exc = refuse(decl, mtype("id_card"), upload("a.pdf", pdf_bytes(1, password="secret")))
    assert exc.code == "pdf_encrypted"
    assert_nothing_stored(file_store)


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_pdf_is_refused(decl, mtype, file_store, cut):
    content = pdf_bytes(2)
    exc = refuse(decl, mtype("id_card"), upload("a.pdf", content[: int(len(content) * cut)]))
    assert exc.message == ("PDF 文件不完整或已损坏（可能是上传中断或文件被截断），无法读取。"
                           "请重新导出后上传。")
    assert_nothing_stored(file_store)


def test_garbage_after_pdf_header_is_refused(decl, mtype, file_store):
    exc = refuse(decl, mtype("id_card"), upload("a.pdf", b"%PDF-1.7\n" + b"x" * 500 + b"%%EOF"))
    assert exc.code == "pdf_broken"
    assert_nothing_stored(file_store)


def test_zero_byte_file_is_refused(decl, mtype, file_store):
    exc = refuse(decl, mtype("id_card"), upload("a.pdf", b""))
    assert exc.message == "文件是空的（0 字节），请重新选择要上传的文件。"
    assert_nothing_stored(file_store)


def test_too_many_pages_is_refused(decl, mtype, file_store):
    exc = refuse(decl, mtype("id_card"), upload("a.pdf", pdf_bytes(5)))  # id_card: ≤ 4 pages
    assert exc.message == "PDF 文件共 5 页，超过「居民身份证」允许的 4 页。请拆分或精简后上传。"
    assert_nothing_stored(file_store)


def test_type_size_limit(decl, mtype, file_store):
    mt = mtype("id_card")
    mt.max_size_mb = 1
    content = pdf_bytes(1) + b"%" + b"0" * (1024 * 1024) + b"\n%%EOF\n"
    exc = refuse(decl, mt, upload("a.pdf", content))
    assert exc.message == "文件大小为 1.0 MB，超过「居民身份证」的上限 1 MB。请压缩后重新上传。"
    assert_nothing_stored(file_store)


def test_global_cap(decl, mtype, file_store, settings):
    settings.ZHICHENG_UPLOAD_MAX_MB = 1
    content = b"%PDF-1.7\n" + b"0" * (1024 * 1024)
    exc = refuse(decl, mtype("achievement_proof"), upload("a.pdf", content))
    assert exc.message == ("文件超过系统允许的上限 1 MB，已停止接收，未予保存。"
                           "请压缩或拆分后再上传。")
    assert_nothing_stored(file_store)


def test_huge_pixel_count_is_refused_before_decoding(decl, mtype, file_store, monkeypatch):
    import PIL.Image

    def no_decoding(*args, **kwargs):
        raise AssertionError("Pillow must not open a decompression bomb")

    monkeypatch.setattr(PIL.Image, "open", no_decoding)
    exc = refuse(decl, mtype("id_card"), upload("a.png", png_claiming(30_000, 30_000),
                                                "image/png"))
    assert exc.message == ("图片尺寸为 30000 × 30000 像素，超过可以处理的上限（每边不超过 20000 "
                           "像素，总计不超过 5000 万像素），为防范异常文件不予打开。"
                           "请降低拍照或扫描分辨率后重新上传。")
    assert_nothing_stored(file_store)


def test_pixel_total_limit_within_side_limit(decl, mtype, file_store):
    exc = refuse(decl, mtype("id_card"), upload("a.png", png_claiming(9_000, 9_000), "image/png"))
    assert exc.code == "image_too_large"
    assert_nothing_stored(file_store)


def test_truncated_jpeg_is_refused(decl, mtype, file_store):
    content = image_bytes("JPEG", (800, 600))
    exc = refuse(decl, mtype("id_card"), upload("a.jpg", content[: len(content) // 2],
                                                "image/jpeg"))
    assert exc.message == "图片文件不完整或已损坏，无法读取。请重新扫描后上传。"
    assert_nothing_stored(file_store)


def test_corrupted_png_is_refused(decl, mtype, file_store):
    content = bytearray(image_bytes("PNG", (50, 50)))
    content[40] ^= 0xFF  # inside IDAT: its CRC no longer matches
    exc = refuse(decl, mtype("id_card"), upload("a.png", bytes(content), "image/png"))
    assert exc.code == "image_broken"
    assert_nothing_stored(file_store)


def test_format_not_accepted_by_type(decl, mtype, file_store):
    mt = mtype("pledge")
    mt.formats = ["pdf"]
    exc = refuse(decl, mt, upload("承诺书.png", image_bytes("PNG"), "image/png"))
    assert exc.message == ("文件的实际内容是PNG 图片，不是「诚信承诺书」接受的格式（PDF）。"
                           "请上传原件扫描件。")
    assert_nothing_stored(file_store)


def test_dangerous_name_is_sanitised(decl, mtype, file_store):
    mf = upload_material(declaration=decl, material_type=mtype("pledge"),
                         upload=upload("x.pdf", pdf_bytes()), actor=decl.applicant)
    assert mf.stored_file.original_name == "x.pdf"
    up = upload("ok.pdf", pdf_bytes())
    up.name = "../../../etc/\x1b[31m承诺\x00书\u202e.pdf"  # bypasses Django's own basename
    mf = upload_material(declaration=decl, material_type=mtype("achievement_proof"), upload=up,
                         actor=decl.applicant)
    assert mf.stored_file.original_name == "[31m承诺书.pdf"
    assert all(p.startswith("materials/") for p in stored_paths(file_store))


def test_interrupted_read_stores_nothing(decl, mtype, file_store):
    content = pdf_bytes(2)
    exc = refuse(decl, mtype("id_card"), BrokenUpload("a.pdf", content, len(content) // 2))
    assert exc.message == "上传中断，文件未完整接收，未予保存。请检查网络后重新上传。"
    assert exc.code == "upload_interrupted"
    assert_nothing_stored(file_store)


def test_database_failure_after_write_removes_the_file(decl, mtype, file_store, monkeypatch):
    written = []
    real_store = uploads_module.storage.store

    def store_and_note(content, extension):
        name = real_store(content, extension)
        written.append(name)
        assert stored_paths(file_store) == [name]  # the file was really on disk
        return name

    def failing_record(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(uploads_module.storage, "store", store_and_note)
    monkeypatch.setattr(uploads_module, "record", failing_record)
    with pytest.raises(RuntimeError):
        upload_material(declaration=decl, material_type=mtype("id_card"),
                        upload=upload("a.pdf", pdf_bytes()), actor=decl.applicant)
    assert len(written) == 1
    assert_nothing_stored(file_store)


def test_replacing_keeps_history(decl, mtype, file_store):
    mt = mtype("pledge")  # one file: a new upload replaces
    first = upload_material(declaration=decl, material_type=mt,
                            upload=upload("v1.pdf", pdf_bytes(1)), actor=decl.applicant)
    second = upload_material(declaration=decl, material_type=mt,
                             upload=upload("v2.pdf", pdf_bytes(2)), actor=decl.applicant)
    first.refresh_from_db()
    assert (first.version, first.is_current, first.superseded_at) == (
        1, False, second.created_at)
    assert (second.version, second.is_current, second.replaces_id) == (2, True, first.pk)
    assert len(stored_paths(file_store)) == 2  # the old file is kept
    assert [e.action for e in events_for(second)] == ["material.replace"]
    event = events_for(second).get()
    assert (event.before["version"], event.after["version"]) == (1, 2)
    assert event.before["original_name"] == "v1.pdf"


def test_multi_file_slot_fills_then_refuses(decl, mtype, file_store):
    mt = mtype("id_card")  # up to 2 files
    a = upload_material(declaration=decl, material_type=mt,
                        upload=upload("正面.png", image_bytes(), "image/png"), actor=decl.applicant)
    upload_material(declaration=decl, material_type=mt,
                    upload=upload("反面.png", image_bytes(), "image/png"), actor=decl.applicant)
    exc = refuse(decl, mt, upload("第三张.png", image_bytes(), "image/png"))
    assert exc.message == "「居民身份证」最多上传 2 个文件，已达上限。请先删除或替换其中一个。"
    assert len(stored_paths(file_store)) == 2

    c = upload_material(declaration=decl, material_type=mt, replaces=a, actor=decl.applicant,
                        upload=upload("正面新.png", image_bytes(), "image/png"))
    assert (c.version, c.replaces_id) == (3, a.pk)
    assert list(MaterialFile.objects.filter(declaration=decl, is_current=True)
                .values_list("version", flat=True).order_by("version")) == [2, 3]


def test_remove_keeps_row_and_file(decl, mtype, file_store):
    mf = upload_material(declaration=decl, material_type=mtype("pledge"),
                         upload=upload("a.pdf", pdf_bytes()), actor=decl.applicant)
    remove_material(material_file=mf, actor=decl.applicant)
    mf.refresh_from_db()
    assert (mf.is_current, mf.removed_by, mf.superseded_at) == (False, decl.applicant, None)
    assert mf.removed_at is not None
    assert stored_paths(file_store) == [mf.stored_file.storage_name]
    assert [e.action for e in events_for(mf)] == ["material.upload", "material.remove"]
    with pytest.raises(Refused) as exc:
        remove_material(material_file=mf, actor=decl.applicant)
    assert exc.value.message == "该文件已被替换或删除，请刷新页面后再操作。"


LOCKED = [State.ACCEPTED_BY_COMMITTEE, State.UNDER_EVALUATION, State.PASSED, State.FAILED,
          State.RESULT_NOTICE, State.REPORTED, State.APPROVED, State.CERTIFIED, State.REVOKED,
          State.VOIDED]


@pytest.mark.parametrize("state", LOCKED)
def test_after_hand_over_nothing_can_be_added(mtype, file_store, state):
    decl = DeclarationFactory(state=state)
    # Even a broken file gets the §3.2.1 answer: the file is not read at all.
    exc = refuse(decl, mtype("id_card"), BrokenUpload("a.pdf", pdf_bytes(), 0))
    assert exc.message == LOCKED_MESSAGE == (
        "申报材料已报送评委会，按桂职办〔2017〕26号 §3.2.1 不允许补充或更换材料。")
    assert exc.code == "materials_locked"
    assert_nothing_stored(file_store)


def test_after_hand_over_nothing_can_be_removed(mtype, file_store):
    decl = DeclarationFactory()
    mf = upload_material(declaration=decl, material_type=mtype("pledge"),
                         upload=upload("a.pdf", pdf_bytes()), actor=decl.applicant)
    decl.state = State.ACCEPTED_BY_COMMITTEE
    decl.save()
    with pytest.raises(Refused) as exc:
        remove_material(material_file=mf, actor=decl.applicant)
    assert exc.value.message == LOCKED_MESSAGE
    mf.refresh_from_db()
    assert mf.is_current is True


def test_hand_over_during_upload_wins(mtype, file_store, monkeypatch):
    """The state is checked again under the row lock, after the file was written."""
    decl = DeclarationFactory()
    real_check = uploads_module.check_upload

    def check_then_hand_over(up, mt):
        checked = real_check(up, mt)
        locked = Declaration.objects.get(pk=decl.pk)  # another session hands it over
        locked.state = State.ACCEPTED_BY_COMMITTEE
        locked.save()
        return checked

    monkeypatch.setattr(uploads_module, "check_upload", check_then_hand_over)
    exc = refuse(decl, mtype("pledge"), upload("a.pdf", pdf_bytes()))
    assert exc.message == LOCKED_MESSAGE
    assert_nothing_stored(file_store)


@pytest.mark.parametrize("state", [State.SUBMITTED, State.UNIT_REVIEW, State.UNIT_NOTICE,
                                   State.RECOMMENDED, State.OFFICE_REVIEW])
def test_submitted_declarations_wait_for_return(mtype, file_store, state):
    decl = DeclarationFactory(state=state)
    exc = refuse(decl, mtype("pledge"), upload("a.pdf", pdf_bytes()))
    assert exc.message == (f"申报已提交（当前状态：{State(state).label}），申报材料只能在被退回"
                           "修改后补充或更换。")
    assert exc.code == "materials_submitted"
    assert_nothing_stored(file_store)


def test_returned_declaration_can_change_again(mtype):
    decl = DeclarationFactory(state=State.RETURNED)
    mf = upload_material(declaration=decl, material_type=mtype("pledge"),
                         upload=upload("a.pdf", pdf_bytes()), actor=decl.applicant)
    assert mf.is_current is True


def test_another_applicant_gets_not_found(decl, mtype, file_store):
    with pytest.raises(NotFound):
        upload_material(declaration=decl, material_type=mtype("pledge"),
                        upload=upload("a.pdf", pdf_bytes()), actor=applicant())
    assert_nothing_stored(file_store)


def test_unit_hr_may_see_but_not_upload(decl, mtype, file_store):
    hr = official(Role.UNIT_HR, unit=decl.unit)
    with pytest.raises(NotFound):  # a never-submitted draft: not even seen
        upload_material(declaration=decl, material_type=mtype("pledge"),
                        upload=upload("a.pdf", pdf_bytes()), actor=hr)
    submitted_once(decl)
    exc = refuse(decl, mtype("pledge"), upload("a.pdf", pdf_bytes()), actor=hr)
    assert (exc.message, exc.code) == ("只有申报人本人可以上传、更换或删除申报材料。",
                                       "not_applicant")
    with pytest.raises(NotFound):
        upload_material(declaration=decl, material_type=mtype("pledge"),
                        upload=upload("a.pdf", pdf_bytes()),
                        actor=official(Role.UNIT_HR, unit=UnitFactory()))
    assert_nothing_stored(file_store)


def test_type_for_other_levels_is_refused(decl, mtype, file_store):
    mt = mtype("pledge")
    mt.levels = ["junior"]
    mt.save()
    exc = refuse(decl, mt, upload("a.pdf", pdf_bytes()))
    assert exc.message == ("「诚信承诺书」不适用于本申报（系列、级别或申报类型不符），"
                           "请上传到对应的材料栏目。")
    assert_nothing_stored(file_store)


def test_truncated_jpeg_is_refused_even_after_weasyprint_is_imported(decl, mtype, file_store):
    import weasyprint  # noqa: F401 - sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint's first import leaves it
    content = image_bytes("JPEG", (800, 600))
    exc = refuse(decl, mtype("id_card"), upload("a.jpg", content[: len(content) // 2],
                                                "image/jpeg"))
    assert exc.code == "image_broken"
    assert_nothing_stored(file_store)
