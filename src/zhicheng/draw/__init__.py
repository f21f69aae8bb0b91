"""The expert draw (评委抽取, §5.2, §5.3) exactly as ../shared/spec/draw.md fixes it: canonical
inputs, commitment, seed from the server's secret and the witness's value, selection by hash
rank with group seats, a unit cap and an external minimum, reserves and replacements.

Pure Python (no Django, no database): `zhicheng draw compute|verify` and the committee app
call it, and an inspector can re-derive a record with a few lines of their own.
"""

from zhicheng.draw.core import (
    FORMAT,
    Draw,
    DrawFailed,
    InvalidInput,
    canonical,
    commitment_of,
    compute,
    rank,
    seed_of,
    select,
    sha256_hex,
    verify,
)

__all__ = ["FORMAT", "Draw", "DrawFailed", "InvalidInput", "canonical", "commitment_of",
           "compute", "rank", "seed_of", "select", "sha256_hex", "verify"]
