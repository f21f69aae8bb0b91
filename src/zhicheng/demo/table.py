"""A plain-text table that stays aligned with Chinese text (full-width characters)."""

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    """Terminal columns: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(display_width(str(r[i])) for r in [headers, *rows])
              for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(_pad(str(c), w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])
