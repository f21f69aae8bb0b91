"""Evaluation: a validated case and its policy set in, findings out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .case import Case, parse_case
from .findings import BLOCKING, MISSING, Finding
from .policyset import PolicySet
from .rules import Ctx, Rule, resolve

_RESOLVED: dict[str, tuple[Rule, ...]] = {}


@dataclass(frozen=True, slots=True)
class Result:
    policy: str
    policy_hash: str
    findings: tuple[Finding, ...]

    @property
    def eligible(self) -> bool:
        return all(f.severity != BLOCKING for f in self.findings)

    @property
    def ready(self) -> bool:
        return all(f.severity not in (BLOCKING, MISSING) for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "eligible": self.eligible,
            "ready": self.ready,
            "findings": [f.to_dict() for f in self.findings],
            "policy_hash": self.policy_hash,
        }


def _rules(ps: PolicySet) -> tuple[Rule, ...]:
    rules = _RESOLVED.get(ps.hash)
    if rules is None:
        rules = _RESOLVED[ps.hash] = resolve(ps.rules)
    return rules


def evaluate_case(case: Case, ps: PolicySet) -> Result:
    """Run the set's rules in their listed (clause) order: findings keep that order."""
    ctx = Ctx(ps, ps.params_on(case.application_date))
    findings: list[Finding] = []
    for rule in _rules(ps):
        found = rule(case, ctx)
        if found:
            findings += found
    return Result(ps.id, ps.hash, tuple(findings))


def evaluate(data: Any, policy_set: PolicySet | None = None) -> dict[str, Any]:
    """Decoded JSON case → result dict. Raises CaseError for invalid input.

    `policy_set` overrides the case's `policy` (e.g. to try a derived set)."""
    case, ps = parse_case(data, policy_set)
    return evaluate_case(case, ps).to_dict()
