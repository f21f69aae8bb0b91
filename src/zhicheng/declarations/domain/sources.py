"""Facts other apps contribute to the eligibility case: approvals recorded by offices
(approvals app) are what the engine sees (issue 5 §5)."""

from collections.abc import Callable

from zhicheng.declarations.models import Declaration

ApprovalSource = Callable[[Declaration], set[str]]

_APPROVAL_SOURCES: list[ApprovalSource] = []


def approval_source(fn: ApprovalSource) -> ApprovalSource:
    if fn not in _APPROVAL_SOURCES:
        _APPROVAL_SOURCES.append(fn)
    return fn


def approvals_on_file(decl: Declaration) -> set[str]:
    codes: set[str] = set()
    for fn in _APPROVAL_SOURCES:
        codes |= fn(decl)
    return codes
