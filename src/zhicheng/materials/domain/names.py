"""User-supplied file names, made safe for display and for Content-Disposition."""

import re
import unicodedata

MAX_STEM = 80
_FORBIDDEN = re.compile(r'[<>:"|?*/\\]')


def _clean(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Zs":
        return " "
    if category[0] == "C" or category in ("Zl", "Zp"):
        return ""
    return ch


def sanitise_name(raw: str, extension: str, *, fallback: str = "材料") -> str:
    """Keep only the last path component, drop control and format characters (including
    bidi overrides such as U+202E), limit the length and end with the extension of the
    sniffed type, whatever the user's name claimed."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(_clean(ch) for ch in name)
    name = _FORBIDDEN.sub("_", name).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" .")[:MAX_STEM].strip(" .") or fallback
    return f"{stem}.{extension}"
