"""The steps a declaration went through, by role (not by name), from the audit chain."""

from django.db.models import F, Q, Value, Window
from django.db.models.functions import Lead

from zhicheng.audit.domain import events_for
from zhicheng.core.models import Role
from zhicheng.core.prepared import PreparedQuery
from zhicheng.declarations.domain.workflow import BY_NAME
from zhicheng.declarations.models import Declaration

# Audit actions on a declaration that are not transitions of the table.
OTHER_STEPS = {"start": "创建申报草稿", "edit": "修改申报内容"}
# Actions other apps record about a declaration, so the timeline never shows a raw code.
APP_STEPS = {
    "demo.create": "载入演示数据",
    "review.pledge.sign": "签署审核承诺书",
    "review.item_check": "逐项审核申报材料",
    "review.interview": "记录面试答辩",
    "review.deliberation": "记录审议推荐意见",
    "notice.post": "发布公示",
    "notice.objection.lodge": "收到公示异议",
    "notice.objection.answer": "答复公示异议",
    "education.verify": "核验学历",
    "material.upload": "上传申报材料",
    "material.replace": "更换申报材料",
    "material.remove": "删除申报材料",
    "integrity.case.open": "材料核查立案",
    "integrity.case.answer": "提交核查举证",
    "integrity.case.decide_genuine": "核查认定材料属实",
    "integrity.case.decide_false": "核查认定材料造假",
    "integrity.case.report": "造假案件报自治区备案",
}


EDIT = "declaration.edit"


def _step_events(object_type: str, object_id: str):
    """(time, action, role, note) of the object's events, oldest first, less every edit
    that the next event folds away (an edit followed by an edit of the same role), decided
    in one pass of the database over the object's index range (LEAD), so only the steps
    travel. Every autosave is an audited edit and a declaration gathers hundreds of them:
    read whole (with their JSON diffs) they made a status page 4× as costly at 1,156
    events (bench/README.md). timeline() still folds what is left, as before: the result is
    the same, the rows read are the steps."""
    def following(column: str) -> Window:
        return Window(Lead(column, default=Value("")), order_by=F("seq").asc())

    return (events_for(object_type, object_id)
            .annotate(next_action=following("action"), next_role=following("role"))
            .filter(~Q(action=EDIT) | ~Q(next_action=EDIT) | ~Q(next_role=F("role")))
            .values_list("created_at", "action", "role", "note"))


# Compiled once: every view of a status page and of a reviewer's dossier reads it.
_STEP_EVENTS = PreparedQuery(_step_events, samples=[("sample.a", "-1"), ("sample.b", "-2")])


def _label(action: str) -> str:
    name = action.removeprefix("declaration.")
    t = BY_NAME.get(name)
    if t:
        return t.label
    return OTHER_STEPS.get(name) or APP_STEPS.get(action) or "其他记录"


_ROLE_LABELS = {role.value: role.label for role in Role}


def _actor(action: str, role: str) -> str:
    label = _ROLE_LABELS.get(role)
    if label is not None:
        return label
    return "演示数据" if action.startswith("demo.") else "系统"


def timeline(decl: Declaration) -> list[dict]:
    """Consecutive edits by the same role fold into one step (the last one's time)."""
    steps: list[dict] = []
    for at, action, role, note in _STEP_EVENTS.list(decl._meta.label_lower, str(decl.pk)):
        step = {"at": at, "label": _label(action), "role": _actor(action, role), "note": note}
        if (action == EDIT and steps
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
