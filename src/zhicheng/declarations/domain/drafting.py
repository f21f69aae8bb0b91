"""Starting a declaration and saving the applicant's draft."""

import datetime

from django.db import transaction

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.bindings import current_binding
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import (
    BindingPurpose,
    BindingStatus,
    Committee,
    Level,
    Plan,
    Role,
    Specialty,
    User,
)
from zhicheng.declarations.models import Channel, Declaration, State

FACT_FIELDS = [
    "specialty", "kind", "channel", "current_level", "current_title_name",
    "current_title_certificate_no", "current_title_obtained_on", "relation_since",
    "hukou_in_guangxi", "archive_hosted_since", "retirement_category", "civil_servant",
    "from_state_organ", "retired_on", "retirement_extension_approved", "previous_id_numbers",
    "continuing_education_completed", "continuing_education_hours", "social_insurance_months",
]


def current_plan(day: datetime.date | None = None) -> Plan | None:
    """The plan of this year, or else the latest one."""
    day = day or clock.today()
    return Plan.objects.filter(year=day.year).first() or Plan.objects.order_by("-year").first()


def _scope(user: User) -> str:
    return f"user:{user.pk}"


@transaction.atomic
def start_declaration(
    *,
    applicant: User,
    plan: Plan,
    committee: Committee,
    level: str,
    specialty: Specialty | None = None,
    kind: str = "regular",
    channel: str = Channel.UNIT,
) -> Declaration:
    if not applicant.id_number:
        raise Refused("请先完成实名注册（姓名和身份证号码）。", code="not_registered")
    # Serialise per person, so two tabs cannot start two declarations at once.
    User.objects.select_for_update().filter(pk=applicant.pk).first()
    employer = current_binding(applicant, BindingPurpose.EMPLOYER)
    if employer is None:
        raise Refused("请先绑定您的工作单位（§3.1.1 通过所在单位申报）。", code="no_binding")
    host = None
    if channel == Channel.TALENT_MARKET:
        host = current_binding(applicant, BindingPurpose.ARCHIVE_HOST)
        if host is None:
            raise Refused("通过人才市场申报须先绑定档案托管的人才交流服务中心（§3.1.1）。",
                          code="no_host")
    if not committee.covers_level(level):
        raise Refused(f"「{committee.name}」不评审{Level(level).label}专业技术资格，"
                      "请选择相应的评审委员会。", code="committee_level")
    if specialty is not None and specialty.series_id != committee.series_id:
        raise Refused("所选专业不属于该评审委员会的系列。", code="specialty_series")
    existing = (Declaration.objects.filter(id_number=applicant.id_number, plan__year=plan.year)
                .exclude(state__in=State.NOT_DECLARED - State.NEVER_SUBMITTED).first())
    if existing is not None:
        raise Refused(
            f"您在{plan.year}年度已有一份申报（{existing.series}·{existing.get_level_display()}，"
            f"{existing.get_state_display()}）。同一年度只能申报一个专业技术资格，否则该年度"
            "所有评审结果无效（桂职办〔2017〕26号 §3.1.6）。", code="one_per_year")
    decl = Declaration.objects.create(
        applicant=applicant, id_number=applicant.id_number, plan=plan, committee=committee,
        series=committee.series, specialty=specialty, level=level, kind=kind, channel=channel,
        unit=employer.unit, host_centre=host.unit if host else None)
    record(actor=applicant, action="declaration.start", obj=decl, role=Role.APPLICANT,
           scope=_scope(applicant),
           after=snapshot(decl, ["plan", "committee", "series", "specialty", "level", "kind",
                                 "channel", "unit", "host_centre"]))
    return decl


def editable_declaration(decl_id: int, applicant: User, *, lock: bool = False) -> Declaration:
    qs = Declaration.objects.select_related("plan", "committee", "series", "unit",
                                            "specialty")
    if lock:
        qs = qs.select_for_update(of=("self",))
    decl = qs.filter(pk=decl_id, applicant=applicant).first()
    if decl is None:
        raise NotFound()
    if decl.state not in State.EDITABLE:
        raise Refused(f"申报已{decl.get_state_display()}，不能再修改；如需修改，"
                      "请在单位处理前撤回，或等待退回。", code="not_editable")
    return decl


def save_raw_draft(decl_id: int, applicant: User, raw: dict) -> None:
    """Keep what was typed even when it does not validate (nothing typed is lost)."""
    with transaction.atomic():
        decl = editable_declaration(decl_id, applicant, lock=True)
        decl.draft_data = raw
        decl.save(update_fields=["draft_data", "updated_at"])


@transaction.atomic
def save_facts(decl_id: int, applicant: User, facts: dict,
               rows: dict[str, list[dict]] | None = None) -> Declaration:
    """Apply validated facts (and, if given, replace the education / work / achievement /
    approval rows). Audited with the fields that changed."""
    decl = editable_declaration(decl_id, applicant, lock=True)
    before = snapshot(decl, FACT_FIELDS)
    for name, value in facts.items():
        if name not in FACT_FIELDS:
            raise ValueError(name)
        setattr(decl, name, value)
    decl.draft_data = {}  # the record now holds everything typed
    decl.save()
    changed_rows = _replace_rows(decl, rows or {})
    after = snapshot(decl, FACT_FIELDS)
    diff_before = {k: v for k, v in before.items() if after.get(k) != v}
    diff_after = {k: after[k] for k in diff_before}
    if diff_before or changed_rows:
        if changed_rows:
            diff_after["rows"] = changed_rows
        record(actor=applicant, action="declaration.edit", obj=decl, role=Role.APPLICANT,
               scope=_scope(applicant), before=diff_before, after=diff_after)
    return decl


def _replace_rows(decl: Declaration, rows: dict[str, list[dict]]) -> dict[str, int]:
    changed = {}
    for relation, new_rows in rows.items():
        manager = getattr(decl, relation)
        old = [snapshot(o, None) for o in manager.all()]
        for o in manager.all():
            o.delete()
        for values in new_rows:
            manager.create(**values)
        fresh = [snapshot(o, None) for o in manager.all()]
        strip = [{k: v for k, v in r.items() if k not in ("id",)} for r in old]
        if strip != [{k: v for k, v in r.items() if k not in ("id",)} for r in fresh]:
            changed[relation] = len(new_rows)
    return changed


def binding_confirmed(decl: Declaration) -> tuple[bool, str]:
    employer = current_binding(decl.applicant, BindingPurpose.EMPLOYER)
    if employer is None or employer.unit_id != decl.unit_id:
        return False, "申报单位与您绑定的工作单位不一致，请重新绑定。"
    if employer.status != BindingStatus.CONFIRMED:
        return False, f"「{employer.unit.name}」尚未确认您的单位绑定，确认后方可提交。"
    if decl.channel == Channel.TALENT_MARKET:
        host = current_binding(decl.applicant, BindingPurpose.ARCHIVE_HOST)
        if host is None or host.unit_id != decl.host_centre_id:
            return False, "请绑定档案托管的人才交流服务中心（§3.1.1）。"
        if host.status != BindingStatus.CONFIRMED:
            return False, f"「{host.unit.name}」尚未确认您的档案托管绑定（§3.1.1）。"
    return True, ""
