"""Workflow guards this app registers (see zhicheng.declarations.domain.guards)."""

from zhicheng.core import clock
from zhicheng.declarations.domain.guards import guard
from zhicheng.notices.domain.completion import check_notice_complete


@guard("recommend")
def unit_notice_complete(decl, actor, assignment) -> None:
    # perform() does not hand its `today` to guards; clock.today() is the same day outside
    # tests that pass today explicitly.
    check_notice_complete(decl, clock.today())
