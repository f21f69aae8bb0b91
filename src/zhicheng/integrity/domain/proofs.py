"""Proof files the applicant sends with an answer: checked and stored exactly like material
scans (zhicheng.materials), under a random name, served only through a permission check."""

from django.core.files.uploadedfile import UploadedFile

from zhicheng.core.domain.errors import Refused
from zhicheng.materials.domain import storage
from zhicheng.materials.domain.validation import CheckedUpload, check_upload
from zhicheng.materials.models import FileFormat, MaterialType

MAX_FILES = 5

# Not a catalogue entry (never saved): only the limits check_upload reads.
PROOF_TYPE = MaterialType(code="integrity-proof", name="核查证明材料",
                          formats=[FileFormat.PDF, FileFormat.JPEG, FileFormat.PNG],
                          max_size_mb=20, max_pages=100, max_files=MAX_FILES)


def check_and_store(files: list[UploadedFile]) -> list[tuple[CheckedUpload, str]]:
    """Check every file first (nothing stored if one is bad), then store them all."""
    if len(files) > MAX_FILES:
        raise Refused(f"每次答复最多附 {MAX_FILES} 个证明文件，您选择了 {len(files)} 个。",
                      code="too_many_files")
    checked = [check_upload(f, PROOF_TYPE) for f in files]
    stored: list[tuple[CheckedUpload, str]] = []
    try:
        for upload, c in zip(files, checked, strict=True):
            stored.append((c, storage.store(upload, c.sniffed.extension)))
    except BaseException:
        discard([name for _, name in stored])
        raise
    return stored


def discard(names: list[str]) -> None:
    for name in names:
        storage.discard(name)
