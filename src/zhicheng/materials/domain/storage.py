"""Writing to and reading from the configured storage (local disk or S3-compatible)."""

import contextlib
import hashlib
import uuid
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.utils import timezone

from zhicheng.materials.domain.limits import CHUNK


def file_storage() -> Storage:
    return storages["default"]


def digest(f: BinaryIO) -> tuple[str, int]:
    """SHA-256 and byte count, read in chunks (a 50 MB scan never sits in memory)."""
    f.seek(0)
    sha = hashlib.sha256()
    size = 0
    while chunk := f.read(CHUNK):
        sha.update(chunk)
        size += len(chunk)
    return sha.hexdigest(), size


def random_name(extension: str) -> str:
    """Not derived from anything the user sent: no traversal, no guessing, no collisions."""
    now = timezone.now()
    return f"materials/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def store(content: File, extension: str) -> str:
    """Save and return the storage name. A failure half-way leaves nothing behind."""
    storage = file_storage()
    name = random_name(extension)
    content.seek(0)
    try:
        return storage.save(name, content)
    except BaseException:
        discard(name)
        raise


def discard(name: str) -> None:
    """Delete a stored file, ignoring one that is already gone."""
    with contextlib.suppress(FileNotFoundError):
        file_storage().delete(name)
