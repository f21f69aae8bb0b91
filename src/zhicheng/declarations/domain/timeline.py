"""The steps a declaration went through, by role (not by name), from the audit chain."""

from zhicheng.audit.domain import events_for
from zhicheng.core.models import Role
from zhicheng.declarations.domain.workflow import BY_NAME
from zhicheng.declarations.models import Declaration


def timeline(decl: Declaration) -> list[dict]:
    steps = []
    for event in events_for(decl):
        name = event.action.removeprefix("declaration.")
        t = BY_NAME.get(name)
        steps.append({
            "at": event.created_at,
            "label": t.label if t else event.action,
            "role": Role(event.role).label if event.role in Role.values else "系统",
            "note": event.note,
        })
    return steps
