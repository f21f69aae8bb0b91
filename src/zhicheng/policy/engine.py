"""Evaluation: a validated case and its policy set in, findings out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .case import Case, parse_case
from .findings import BLOCKING, MISSING, Finding
from .policyset import PolicySet
from .rules import Ctx, Rule, resolve

_RESOLVED: dict[str, tuple[Rule, ...]] = {}
# (set hash, application date) → Ctx: the set's values on a day are fixed, and a batch
# has a few hundred distinct days. Checked against the set object itself on use.
_CTX: dict[tuple[str, date], Ctx] = {}


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


def _ctx(ps: PolicySet, day: date) -> Ctx:
    key = (ps.hash, day)
    ctx = _CTX.get(key)
    if ctx is None or ctx.ps is not ps:
        ctx = _CTX[key] = Ctx(ps, ps.params_on(day))
    return ctx


def _findings(case: Case, ps: PolicySet) -> list[Finding]:
    """Run the set's rules in their listed (clause) order: findings keep that order."""
    ctx = _ctx(ps, case.application_date)
    findings: list[Finding] = []
    for rule in _rules(ps):
        found = rule(case, ctx)
        if found:
            findings += found
    return findings


def evaluate_case(case: Case, ps: PolicySet) -> Result:
    return Result(ps.id, ps.hash, tuple(_findings(case, ps)))


def result_dict(case: Case, ps: PolicySet) -> dict[str, Any]:
    """`evaluate_case(case, ps).to_dict()` without building the Result."""
    findings = _findings(case, ps)
    severities = [f.severity for f in findings]
    eligible = BLOCKING not in severities
    return {
        "policy": ps.id,
        "eligible": eligible,
        "ready": eligible and MISSING not in severities,
        # Finding.to_dict, inline (a method call per finding saved).
        "findings": [
            {
                "clause": f.clause,
                "code": f.code,
                "severity": f.severity,
                "message": f.message,
                "facts": dict(f.facts),
            }
            for f in findings
        ],
        "policy_hash": ps.hash,
    }


def evaluate(data: Any, policy_set: PolicySet | None = None) -> dict[str, Any]:
    """Decoded JSON case → result dict. Raises CaseError for invalid input.

    `policy_set` overrides the case's `policy` (e.g. to try a derived set)."""
    case, ps = parse_case(data, policy_set)
    return result_dict(case, ps)
