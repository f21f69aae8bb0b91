"""Decision records: one evaluation frozen as a JSON-able dict, and its re-run.

A record holds everything needed to show later what was decided and why: the
policy set (id, 文号 and content hash), the input exactly as given, the output,
and the engine version. `digest` (sha256 of the canonical JSON of the rest)
makes later edits of a stored record detectable.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

from .case import parse_case
from .engine import evaluate_case
from .policyset import PolicySet, canonical_json
from .registry import get_policy_set
from .version import ENGINE_VERSION

RECORD_FORMAT = 1


def _digest(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "digest"}
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()


def freeze(case: dict[str, Any], policy_set: PolicySet | None = None) -> dict[str, Any]:
    """Evaluate `case` and return the record. Raises CaseError for invalid input."""
    parsed, ps = parse_case(case, policy_set)
    output = evaluate_case(parsed, ps).to_dict()
    record = {
        "format": RECORD_FORMAT,
        "engine_version": ENGINE_VERSION,
        "policy": {"id": ps.id, "document": ps.document, "hash": ps.hash},
        "input": copy.deepcopy(case),
        "output": output,
    }
    record["digest"] = _digest(record)
    return record


@dataclass(frozen=True, slots=True)
class Rerun:
    matches: bool  # same output under the same policy content
    intact: bool  # the record's digest still fits its content
    policy_unchanged: bool  # the registered set still has the recorded hash
    engine_version: str  # the version re-running it (compare with the record's)
    output: dict[str, Any]  # the new output
    differences: tuple[str, ...]  # top-level output keys that differ

    def __bool__(self) -> bool:
        return self.matches


def rerun(record: dict[str, Any], policy_set: PolicySet | None = None) -> Rerun:
    """Re-evaluate a record's input under its policy set (or `policy_set`) and
    compare with the recorded output."""
    ps = policy_set or get_policy_set(record["policy"]["id"])
    parsed, ps = parse_case(record["input"], ps)
    output = evaluate_case(parsed, ps).to_dict()
    old = record["output"]
    differences = tuple(k for k in sorted(set(old) | set(output)) if old.get(k) != output.get(k))
    policy_unchanged = ps.hash == record["policy"]["hash"]
    return Rerun(
        matches=not differences and policy_unchanged,
        intact=record.get("digest") == _digest(record),
        policy_unchanged=policy_unchanged,
        engine_version=ENGINE_VERSION,
        output=output,
        differences=differences,
    )
