"""A case's steps, from the audit chain: who did what, in which role, when."""

from zhicheng.audit.domain import events_for
from zhicheng.core.models import Role, User
from zhicheng.integrity.models import FraudCase

LABELS = {
    "integrity.case.open": "立案核查，要求申报人提供证明材料",
    "integrity.case.answer": "申报人答复并提交证明材料",
    "integrity.case.decide_genuine": "核实材料真实，结案",
    "integrity.case.decide_false": "认定提供虚假材料，作出处罚",
    "integrity.case.report": "报自治区职改办备案",
    "declaration.revoke": "取消评审结果",
}


def case_timeline(case: FraudCase) -> list[dict]:
    """Three queries: the case's events, the revocation it caused, the actors' names."""
    events = list(events_for(case))
    # The revocation is an event on the declaration; its note names the case.
    events += list(events_for(case.declaration)
                   .filter(action="declaration.revoke", note__contains=f"核查案件 #{case.pk}）"))
    events.sort(key=lambda e: e.seq)
    names = dict(User.objects.filter(pk__in={e.actor_id for e in events if e.actor_id})
                 .values_list("pk", "real_name"))
    return [{
        "at": e.created_at,
        "label": LABELS.get(e.action, e.action),
        "role": Role(e.role).label if e.role in Role.values else "系统",
        "actor": names.get(e.actor_id) or e.actor_username,
        "note": e.note if e.action != "integrity.case.answer" else "",
    } for e in events]
