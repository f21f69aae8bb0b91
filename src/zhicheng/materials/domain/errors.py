"""Refusals specific to uploads."""

from zhicheng.core.domain.errors import Refused


class InvalidUpload(Refused):
    """The file itself is unacceptable (type, size, damage). Nothing was stored."""

    code = "invalid_file"
