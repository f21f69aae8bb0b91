"""The steps a declaration went through, by role (not by name), from the audit chain."""

from zhicheng.audit.domain import events_for
from zhicheng.core.models import Role
from zhicheng.declarations.domain.workflow import BY_NAME
from zhicheng.declarations.models import Declaration

# Audit actions on a declaration that are not transitions of the table.
OTHER_STEPS = {"start": "创建申报草稿", "edit": "修改申报内容"}


def _label(action: str) -> str:
    name = action.removeprefix("declaration.")
    t = BY_NAME.get(name)
    return t.label if t else OTHER_STEPS.get(name, action)


def timeline(decl: Declaration) -> list[dict]:
    """Consecutive edits by the same role fold into one step (the last one's time)."""
    steps: list[dict] = []
    for event in events_for(decl):
        step = {
            "at": event.created_at,
            "label": _label(event.action),
            "role": Role(event.role).label if event.role in Role.values else "系统",
            "note": event.note,
        }
        if (event.action == "declaration.edit" and steps
                and steps[-1]["label"] == step["label"] and steps[-1]["role"] == step["role"]):
            steps[-1] = step
            continue
        steps.append(step)
    return steps


def return_reason(decl: Declaration) -> str:
    """Why the declaration came back to the applicant (the latest return's reason)."""
    if decl.state != "returned":
        return ""
    event = (events_for(decl).filter(action__in=["declaration.unit_return",
                                                  "declaration.office_return"])
             .order_by("-seq").first())
    return event.note if event else ""
