"""Conditions of the workflow table this app implements (declarations.domain.conditions)."""

from zhicheng.declarations.domain.conditions import Context, implements
from zhicheng.notices.domain.completion import check_notice_complete


@implements("unit_notice_complete")
def unit_notice_complete(ctx: Context) -> None:
    check_notice_complete(ctx.declaration, ctx.today)
