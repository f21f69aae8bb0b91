"""An upload handler that stops reading a file past ZHICHENG_UPLOAD_MAX_MB.

It sits first in request.upload_handlers and passes every chunk on unchanged, so Django's
own handlers still spool the file (to memory below 2.5 MB, to a temporary file above).
When a file grows past the cap it reads the rest of the body away in small chunks and
stops the upload; Django closes and deletes the partial temporary file. The view then
finds `request.materials_upload_refused` and answers with a Chinese message.

Install per view with `install(request)` (before request.POST is read), or for the whole
site by putting "zhicheng.materials.upload_handlers.CappedUploadHandler" first in
FILE_UPLOAD_HANDLERS.
"""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from zhicheng.materials.domain.limits import (
    CHUNK,
    interrupted_message,
    too_large_message,
    upload_max_bytes,
)

REFUSED_ATTR = "materials_upload_refused"


class CappedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = upload_max_bytes()
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse(too_large_message())
            self._drain()
            raise StopUpload(connection_reset=True)  # nothing left for Django to exhaust
        return raw_data

    def file_complete(self, file_size):
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


def install(request) -> None:
    if not any(isinstance(h, CappedUploadHandler) for h in request.upload_handlers):
        request.upload_handlers.insert(0, CappedUploadHandler(request))


def refusal(request) -> str | None:
    return getattr(request, REFUSED_ATTR, None)
