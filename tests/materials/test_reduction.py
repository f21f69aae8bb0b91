"""Pictures are taken as people have them: phone photos are reduced by the system, turned
upright by their EXIF orientation, and the original's SHA-256 is kept (domain.reduction)."""

import hashlib
import io

import pytest
from PIL import Image
from samples import image_bytes, is_red, photo_bytes, png_claiming, stored_paths, upload

from zhicheng.audit.domain import events_for
from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import Refused
from zhicheng.materials.domain import reduction, upload_material
from zhicheng.materials.domain.limits import MB
from zhicheng.materials.models import MaterialFile, StoredFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def temp_dir(settings, tmp_path):
    """Where Django spools uploads and where reduction writes its copy: checked to be empty."""
    path = tmp_path / "upload-tmp"
    path.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(path)
    return path


def send(decl, mt, content: bytes, name: str = "IMG_0001.jpg", ctype: str = "image/jpeg"):
    return upload_material(declaration=decl, material_type=mt, upload=upload(name, content,
                                                                             ctype),
                           actor=decl.applicant)


def stored_image(root, sf: StoredFile) -> Image.Image:
    data = (root / sf.storage_name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == sf.sha256
    assert len(data) == sf.size
    return Image.open(io.BytesIO(data))


def assert_nothing_stored(root):
    assert (MaterialFile.objects.count(), StoredFile.objects.count()) == (0, 0)
    assert stored_paths(root) == []
    assert AuditEvent.objects.filter(action__startswith="material.").count() == 0


def test_48_megapixel_phone_photo_is_reduced_and_turned_upright(decl, mtype, file_store,
                                                                temp_dir):
    content = photo_bytes((8000, 6000), orientation=6)
    assert len(content) > 10 * MB  # heavier than the slot's 10 MB, as in the report
    mt = mtype("id_card")

    mf = send(decl, mt, content)

    sf = mf.stored_file
    assert (sf.original_size, sf.original_width, sf.original_height) == (len(content), 8000,
                                                                         6000)
    assert sf.original_sha256 == hashlib.sha256(content).hexdigest()
    # Orientation 6: the picture is shown turned 90° clockwise, portrait, within 12 MP.
    assert (sf.width, sf.height, sf.content_type) == (3000, 4000, "image/jpeg")
    assert sf.size <= mt.max_size_mb * MB
    assert sf.sha256 != sf.original_sha256
    im = stored_image(file_store, sf)
    assert (im.format, im.size) == ("JPEG", (3000, 4000))
    assert im.getexif().get(0x0112) is None  # upright now; no orientation left to apply
    # The sensor's top-left corner (red) is at the top right once turned upright.
    assert is_red(im.getpixel((2900, 100)))
    assert not is_red(im.getpixel((100, 100)))
    assert sf.reduction_note == (f"已自动压缩：8000×6000 → 3000×4000（{len(content) / MB:.1f} MB"
                                 f" → {sf.size / MB:.1f} MB）。")
    [event] = events_for(mf)
    assert (event.after["original_sha256"], event.after["sha256"]) == (sf.original_sha256,
                                                                       sf.sha256)
    assert list(temp_dir.iterdir()) == []


def test_jpeg_is_decoded_at_reduced_scale(decl, mtype, file_store, monkeypatch):
    """Memory stays bounded: libjpeg is asked for the smallest scale that still covers the
    stored size (8000 × 6000 → 4000 × 3000), never the full 48 MP."""
    from PIL.JpegImagePlugin import JpegImageFile

    requested = []
    original_draft = JpegImageFile.draft

    def spy(self, mode, size):
        result = original_draft(self, mode, size)
        requested.append((size, self.size))
        return result

    monkeypatch.setattr(JpegImageFile, "draft", spy)
    send(decl, mtype("id_card"), photo_bytes((8000, 6000), noise_rows=0))
    # First the cheap 1/8 check of inspection, then the decode for storing.
    assert requested == [((1000, 750), (1000, 750)), ((4000, 3000), (4000, 3000))]


def test_orientation_alone_turns_the_picture(decl, mtype, file_store):
    mf = send(decl, mtype("id_card"), photo_bytes((400, 300), orientation=6, noise_rows=0))
    sf = mf.stored_file
    assert (sf.original_width, sf.original_height, sf.width, sf.height) == (400, 300, 300, 400)
    assert sf.reduction_note == "已按拍摄方向自动旋转：400×300 → 300×400。"
    im = stored_image(file_store, sf)
    assert im.size == (300, 400)
    assert is_red(im.getpixel((290, 10))) and not is_red(im.getpixel((10, 10)))


def test_picture_within_limits_is_stored_unchanged(decl, mtype, file_store):
    content = photo_bytes((1600, 1200), noise_rows=0)
    mf = send(decl, mtype("id_card"), content)
    sf = mf.stored_file
    assert (file_store / sf.storage_name).read_bytes() == content
    assert (sf.size, sf.sha256, sf.width, sf.height) == (
        len(content), hashlib.sha256(content).hexdigest(), 1600, 1200)
    assert (sf.original_size, sf.original_sha256, sf.original_width, sf.reduced,
            sf.reduction_note) == (None, "", None, False, "")


def test_byte_limit_of_the_slot_is_reached_by_scaling(decl, mtype, file_store):
    mt = mtype("id_card")
    mt.max_size_mb = 1
    content = photo_bytes((2000, 1500), noise_rows=1500, quality=95)  # all noise, ~2.5 MB
    assert len(content) > 2 * MB
    mf = send(decl, mt, content)
    sf = mf.stored_file
    assert sf.size <= 1 * MB
    assert sf.width < 2000 and sf.height < 1500
    assert abs(sf.width / sf.height - 4 / 3) < 0.01
    assert stored_image(file_store, sf).size == (sf.width, sf.height)
    assert (sf.original_size, sf.original_width, sf.original_height) == (len(content), 2000,
                                                                         1500)


def test_png_beyond_the_pixel_limit_stays_png(decl, mtype, file_store):
    content = image_bytes("PNG", (6000, 2500))  # 15 MP screenshot-like scan
    mf = send(decl, mtype("id_card"), content, "scan.png", "image/png")
    sf = mf.stored_file
    # 6000 × 2500 scaled by √(12/15) = 0.894…: 5366 × 2236.
    assert (sf.content_type, sf.width, sf.height) == ("image/png", 5366, 2236)
    assert sf.storage_name.endswith(".png") and sf.original_name == "scan.png"
    assert stored_image(file_store, sf).format == "PNG"


def test_photo_up_to_25_mb_is_taken_in_a_10_mb_slot(decl, mtype, file_store):
    """The input limit for pictures is 25 MB whatever the slot's (smaller) stored limit."""
    content = photo_bytes((8000, 6000), noise_rows=3500)
    assert 20 * MB < len(content) <= 25 * MB
    mf = send(decl, mtype("id_card"), content)
    assert mf.stored_file.original_size == len(content)
    assert mf.stored_file.size <= 10 * MB


def test_image_over_25_mb_is_refused(decl, mtype, file_store):
    content = b"\xff\xd8\xff\xe0" + b"\x00" * (26 * MB)
    with pytest.raises(Refused) as exc:
        send(decl, mtype("id_card"), content)
    assert exc.value.message == ("图片大小为 26.0 MB，超过系统可以自动压缩的上限 25 MB。"
                                 "请降低拍照分辨率或先自行压缩后重新上传。")
    assert_nothing_stored(file_store)


def test_decompression_bomb_over_50_megapixels_is_refused(decl, mtype, file_store):
    with pytest.raises(Refused) as exc:
        send(decl, mtype("id_card"), png_claiming(8200, 6200), "a.png", "image/png")
    assert exc.value.message == (
        "图片尺寸为 8200 × 6200 像素，超过可以处理的上限（每边不超过 20000 像素，总计不超过 "
        "5000 万像素），为防范异常文件不予打开。请降低拍照或扫描分辨率后重新上传。")
    assert exc.value.code == "image_too_large"
    assert_nothing_stored(file_store)


def test_failure_during_reduction_leaves_nothing(decl, mtype, file_store, temp_dir,
                                                 monkeypatch):
    def half_written(image, fmt, icc, out):
        out.write(b"\xff\xd8\xff" + b"\x00" * 1000)
        raise OSError("disk full")

    monkeypatch.setattr(reduction, "_encode", half_written)
    with pytest.raises(Refused) as exc:
        send(decl, mtype("id_card"), photo_bytes((8000, 6000), noise_rows=0))
    assert exc.value.message == ("图片无法自动压缩（文件内容异常），未予保存。"
                                 "请重新拍照或扫描后上传，或先自行压缩。")
    assert exc.value.code == "image_reduction_failed"
    assert_nothing_stored(file_store)
    assert list(temp_dir.iterdir()) == []


def test_database_failure_after_reduction_removes_file_and_copy(decl, mtype, file_store,
                                                                temp_dir, monkeypatch):
    from zhicheng.materials.domain import uploads

    written = []
    real_store = uploads.storage.store

    def store_and_note(content, extension):
        name = real_store(content, extension)
        written.append(name)
        assert stored_paths(file_store) == [name]  # the reduced file was really on disk
        return name

    def failing_record(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(uploads.storage, "store", store_and_note)
    monkeypatch.setattr(uploads, "record", failing_record)
    with pytest.raises(RuntimeError):
        send(decl, mtype("id_card"), photo_bytes((8000, 6000), noise_rows=0))
    assert len(written) == 1
    assert_nothing_stored(file_store)
    assert list(temp_dir.iterdir()) == []


def test_fit_keeps_within_stored_limits():
    assert reduction.fit(8000, 6000) == (4000, 3000)
    assert reduction.fit(4960, 7016) == (2912, 4119)  # 600-dpi A4 scan → about 350 dpi
    assert reduction.fit(2480, 3508) == (2480, 3508)  # 300-dpi A4 scan: untouched
    assert reduction.fit(16000, 3000) == (6000, 1125)  # panorama: the side limit
