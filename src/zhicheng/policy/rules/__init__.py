"""Rule registry: rule id (as listed in a policy set, versioned) → function.

A rule is `fn(case, ctx) -> Iterable[Finding]`. It reads parameters only
through `ctx.p` (the set's values on the application date), so a derived set
with other values reuses it unchanged; a change of logic is a new rule id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from ..case import Case
from ..findings import Finding, clause_label, new_finding
from ..policyset import PolicySet

Rule = Callable[[Case, "Ctx"], Iterable[Finding]]
RULES: dict[str, Rule] = {}


def rule(rule_id: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} defined twice")
        RULES[rule_id] = fn
        return fn

    return register


@lru_cache(maxsize=4096)
def _suffix(document: str, clause: str) -> str:
    return f"（{document} {clause_label(clause)}）"


def zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(slots=True)
class Ctx:
    ps: PolicySet
    p: dict[str, Any]

    def f(self, clause: str, code: str, severity: str, text: str, facts: dict[str, Any]) -> Finding:
        """A finding whose message names the notice and the clause."""
        return new_finding(clause, code, severity, text + _suffix(self.ps.document, clause), facts)


def resolve(rule_ids: tuple[str, ...]) -> tuple[Rule, ...]:
    from . import procedure, scope  # noqa: F401  (define the rules)

    missing = [r for r in rule_ids if r not in RULES]
    if missing:
        raise KeyError(f"rules not implemented: {missing}")
    return tuple(RULES[r] for r in rule_ids)
