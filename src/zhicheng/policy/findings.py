"""Findings and their messages.

A message is plain Chinese and ends by naming the notice and the clause the way
the notice numbers it, e.g. `（桂职办〔2017〕26号 二（三））` for §2.3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_ZH_NUM = "零一二三四五六七八九十"

BLOCKING = "blocking"
MISSING = "missing"
INFO = "info"


def clause_label(clause: str) -> str:
    """clauses.md ID → the notice's own numbering: 3.2.4.1 → 三（二）4（1）.

    A range `2.1.3-2.1.4` is labelled by both ends joined with 、."""
    if "-" in clause:
        return "、".join(clause_label(part) for part in clause.split("-"))
    parts = [int(p) for p in clause.split(".")]
    out = _ZH_NUM[parts[0]]
    if len(parts) > 1:
        out += f"（{_ZH_NUM[parts[1]]}）"
    if len(parts) > 2:
        out += str(parts[2])
    if len(parts) > 3:
        out += f"（{parts[3]}）"
    return out


@dataclass(frozen=True, slots=True)
class Finding:
    clause: str
    code: str
    severity: str
    message: str
    facts: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "facts": dict(self.facts),  # a copy: rules share one facts dict between findings
        }


_new = object.__new__
_set_clause, _set_code, _set_severity, _set_message, _set_facts = (
    Finding.__dict__[name].__set__ for name in ("clause", "code", "severity", "message", "facts")
)


def new_finding(
    clause: str, code: str, severity: str, message: str, facts: dict[str, Any]
) -> Finding:
    """`Finding(...)` in a third of the time: a frozen dataclass's __init__ sets each
    field through object.__setattr__; this writes the slots directly (the rules
    build ~3 findings per case)."""
    finding = _new(Finding)
    _set_clause(finding, clause)
    _set_code(finding, code)
    _set_severity(finding, severity)
    _set_message(finding, message)
    _set_facts(finding, facts)
    return finding
