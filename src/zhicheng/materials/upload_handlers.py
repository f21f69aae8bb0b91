"""An upload handler that stops reading a file past ZHICHENG_UPLOAD_MAX_MB.

It sits first in request.upload_handlers and passes every chunk on unchanged, so Django's
own handlers still spool the file (to memory below 2.5 MB, to a temporary file above).
When a file grows past the cap it reads the rest of the body away in small chunks and
stops the upload; Django closes and deletes the partial temporary file. The view then
finds `request.materials_upload_refused` and answers with a Chinese message.

It also computes each file's SHA-256 chunk by chunk as the body streams in; the handler
that keeps the file (DigestingMemoryFileUploadHandler / DigestingTemporaryFileUploadHandler,
Django's two with this one addition) hands the digest on as `upload.streamed_digest`
(hex, size), so the file is not read again just to hash it. All three read the body in
STREAM_CHUNK pieces (Django's multipart parser takes the smallest chunk_size of the
handlers; its 64 KiB default makes the parser's per-chunk Python work the bottleneck).
The hash and the temporary file's writes run on small thread pools, each a chunk behind the
parser, so receiving, hashing and writing overlap (bench/README.md, "Upload memory").

Install per view with `install(request)` (before request.POST is read), or for the whole
site by putting "zhicheng.materials.upload_handlers.CappedUploadHandler" first in
FILE_UPLOAD_HANDLERS.
"""

import contextlib
import hashlib
from concurrent.futures import Future, ThreadPoolExecutor

from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    StopUpload,
    TemporaryFileUploadHandler,
)

from zhicheng.materials.domain.limits import (
    CHUNK,
    interrupted_message,
    too_large_message,
    upload_max_bytes,
)

REFUSED_ATTR = "materials_upload_refused"
STREAM_CHUNK = 1024 * 1024  # a multiple of 4 (base64 parts), small beside the 20 MB budget
# hashlib releases the GIL on large buffers: chunk N is hashed on this pool while the
# request's thread parses and spools chunk N+1. One chunk in flight per file keeps the
# order and bounds the memory (two chunks); the threads start on first use.
_HASHING = ThreadPoolExecutor(max_workers=2, thread_name_prefix="upload-sha256")
# Likewise the temporary file is written behind the parser: writing into the page cache
# costs about as much CPU as receiving, and the file write releases the GIL.
_WRITING = ThreadPoolExecutor(max_workers=2, thread_name_prefix="upload-write")


class CappedUploadHandler(FileUploadHandler):
    chunk_size = STREAM_CHUNK

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = upload_max_bytes()
        self.received = 0
        self.sha = hashlib.sha256()
        self.hashing: Future | None = None  # the chunk being hashed
        self.digest: tuple[str, int] | None = None  # of the file just completed

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._hashed()
        self.received = 0
        self.sha = hashlib.sha256()
        self.digest = None

    def _hashed(self) -> None:
        if self.hashing is not None:
            self.hashing.result()  # re-raises a failure of the hash itself
            self.hashing = None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse(too_large_message())
            self._drain()
            raise StopUpload(connection_reset=True)  # nothing left for Django to exhaust
        # While streaming: the bytes the next handler keeps, in order.
        self._hashed()
        self.hashing = _HASHING.submit(self.sha.update, raw_data)
        return raw_data

    def file_complete(self, file_size):
        # Called before the keeping handler's file_complete, which picks the digest up.
        self._hashed()
        self.digest = (self.sha.hexdigest(), self.received)
        return None  # the next handler supplies the file object

    def upload_interrupted(self):
        # The body ended inside a file part: the client went away half-way.
        self._refuse(interrupted_message())

    def _drain(self) -> None:
        """Read the rest of the body and drop it, CHUNK by CHUNK. Django's own exhaust()
        iterates the stream by lines, and the development server's close() reads what is
        left in one call: either keeps a newline-free 200 MB body in memory at once."""
        stream = getattr(self.request, "_stream", None)
        if stream is None:
            return
        while stream.read(CHUNK):
            pass

    def _refuse(self, message: str) -> None:
        if self.request is not None and not getattr(self.request, REFUSED_ATTR, None):
            setattr(self.request, REFUSED_ATTR, message)


def _capped(request) -> CappedUploadHandler | None:
    handlers = getattr(request, "_upload_handlers", None) or []
    return next((h for h in handlers if isinstance(h, CappedUploadHandler)), None)


class _HandsOnDigest:
    chunk_size = STREAM_CHUNK

    def file_complete(self, file_size):
        upload = super().file_complete(file_size)
        capped = _capped(self.request) if upload is not None else None
        if capped is not None and capped.digest is not None and capped.digest[1] == file_size:
            upload.streamed_digest = capped.digest
        return upload


class DigestingMemoryFileUploadHandler(_HandsOnDigest, MemoryFileUploadHandler):
    pass


class DigestingTemporaryFileUploadHandler(_HandsOnDigest, TemporaryFileUploadHandler):
    """Writes each chunk on a pool thread while the next one is received and parsed; one
    write in flight per file keeps the order, and every write has finished (its failure
    raised here, as a direct write would) before the file is handed on or removed."""

    writing: Future | None = None

    def _written(self) -> None:
        if self.writing is not None:
            writing, self.writing = self.writing, None
            writing.result()

    def new_file(self, *args, **kwargs):
        self._written()
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self._written()
        self.writing = _WRITING.submit(self.file.write, raw_data)

    def file_complete(self, file_size):
        self._written()
        return super().file_complete(file_size)

    def upload_interrupted(self):
        with contextlib.suppress(Exception):  # the partial file goes whatever its last write did
            self._written()
        super().upload_interrupted()


def install(request) -> None:
    if not any(isinstance(h, CappedUploadHandler) for h in request.upload_handlers):
        request.upload_handlers.insert(0, CappedUploadHandler(request))


def refusal(request) -> str | None:
    return getattr(request, REFUSED_ATTR, None)
