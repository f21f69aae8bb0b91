"""Eligibility engine for professional-title declarations: pure Python, no Django.

    from zhicheng.policy import evaluate, get_policy_set
    evaluate(case_dict)  # → {"policy", "eligible", "ready", "findings", "policy_hash"}

See README.md beside this file for the clause coverage.
"""

from .case import Case, parse_case
from .engine import Result, evaluate, evaluate_case
from .errors import CaseError
from .findings import Finding, clause_label
from .policyset import ExamRequirement, Param, PolicySet
from .registry import get_policy_set, policy_ids, register
from .version import ENGINE_VERSION

__all__ = [
    "ENGINE_VERSION",
    "Case",
    "CaseError",
    "ExamRequirement",
    "Finding",
    "Param",
    "PolicySet",
    "Result",
    "clause_label",
    "evaluate",
    "evaluate_case",
    "get_policy_set",
    "parse_case",
    "policy_ids",
    "register",
]
