"""The committee's arithmetic under 人社部令第40号 (set ``mohrss-40``): pure functions.

Every function takes the day the rule is applied on (a session's ``held_on``; default: the
40号令 values, today's law) and reads the dated parameter in force that day, so a 2017 session
is judged by the pre-2019 values and a later one by 40号令 (see ``sets/mohrss_40.py`` for what
could and could not be verified). Counts are inclusive: "2/3以上" includes exactly 2/3, so the
threshold is ceil(2n/3) — 17 of 25, 7 of 10, 2 of 3.
"""

from __future__ import annotations

from datetime import date

from .sets.mohrss_40 import DOCUMENT, IN_FORCE, MOHRSS_40, TITLE

SERIES = "senior_series"  # 按职称系列组建的高级职称评审委员会
SPECIALTY = "senior_specialty"  # 按专业组建的高级职称评审委员会
SESSION = "session"  # any other body (a session's members): odd only
KINDS = (SERIES, SPECIALTY, SESSION)


def _day(on: date | None) -> date:
    return IN_FORCE if on is None else on


def _value(name: str, on: date | None):
    return MOHRSS_40.param(name).at(_day(on))


def _ceil_fraction(n: int, fraction: tuple[int, int]) -> int:
    num, den = fraction
    return -(-n * num // den)


def basis(name: str, on: date | None = None) -> str:
    """The citation for a parameter as it applies on that day, for messages and records."""
    if _day(on) >= IN_FORCE:
        article = MOHRSS_40.param(name).clause.split(" ", 1)[1]
        return f"《{TITLE}》（{DOCUMENT}）{article}"
    return "1986年职称改革以来的评审规则（人社部令第40号施行前）"


def quorum_needed(members: int, on: date | None = None) -> int:
    """Members who must be present before a vote: ≥ 2/3 of the committee's members."""
    if members < 1:
        raise ValueError("members must be positive")
    return _ceil_fraction(members, _value("quorum_fraction", on))


def has_quorum(present: int, members: int, on: date | None = None) -> bool:
    return present >= quorum_needed(members, on)


def pass_needed(present: int, on: date | None = None) -> int:
    """同意 votes needed to pass: ≥ 2/3 of those present (and entitled to vote)."""
    if present < 1:
        raise ValueError("present must be positive")
    return _ceil_fraction(present, _value("pass_fraction", on))


def passes(agree: int, present: int, on: date | None = None) -> bool:
    return agree >= pass_needed(present, on)


def min_members(kind: str, on: date | None = None) -> int:
    if kind == SERIES:
        return _value("min_members_senior_series", on)
    if kind == SPECIALTY:
        return _value("min_members_senior_specialty", on)
    if kind == SESSION:
        return 1
    raise ValueError(f"unknown committee kind: {kind!r}")


def valid_committee_size(n: int, kind: str = SESSION, on: date | None = None) -> bool:
    """Odd, and at least the minimum for a senior committee by series (25) or specialty (11)."""
    odd_ok = n % 2 == 1 or not _value("committee_size_odd", on)
    return odd_ok and n >= min_members(kind, on)


def max_term_years(on: date | None = None) -> int:
    return _value("max_term_years", on)


def secret_ballot(on: date | None = None) -> bool:
    return bool(_value("secret_ballot", on))


def absent_may_vote(on: date | None = None) -> bool:
    """Never: no proxy, no vote afterwards (第二十五条)."""
    return not _value("absent_may_not_vote", on)


__all__ = ["KINDS", "SERIES", "SESSION", "SPECIALTY", "absent_may_vote", "basis", "has_quorum",
           "max_term_years", "min_members", "pass_needed", "passes", "quorum_needed",
           "secret_ballot", "valid_committee_size"]
