"""Starting a declaration and saving the applicant's draft."""

import copy
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.functions import JSONObject

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
from zhicheng.core.prepared import PreparedQuery, first_of
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


def _editable_query(related: bool, lock: bool) -> PreparedQuery:
    # related=False: the row and its specialty alone, what an autosave needs: the form
    # takes an unchanged specialty from the row instead of reading it again.
    def build(decl_id: int, applicant_id: int):
        qs = (Declaration.objects.select_related("plan", "committee", "series", "unit",
                                                 "specialty") if related
              else Declaration.objects.select_related("specialty__series"))
        if lock:
            qs = qs.select_for_update(of=("self",))
        return first_of(qs.filter(pk=decl_id, applicant_id=applicant_id))
    return PreparedQuery(build, samples=[(-1, -3), (-2, -4)])


# Every page view and autosave of the form reads the declaration: compiled once.
_EDITABLE = {(related, lock): _editable_query(related, lock)
             for related in (True, False) for lock in (True, False)}


def own_declaration(decl_id: int, applicant: User) -> Declaration | None:
    """The applicant's own declaration, in any state, with what its pages show; None when
    it is not theirs (or does not exist)."""
    return _EDITABLE[True, False].first(int(decl_id), applicant.pk)


def editable_declaration(decl_id: int, applicant: User, *, lock: bool = False,
                         related: bool = True) -> Declaration:
    decl = _EDITABLE[related, lock].first(int(decl_id), applicant.pk)
    if decl is None:
        raise NotFound()
    if decl.state not in State.EDITABLE:
        raise Refused(f"该申报当前状态为「{decl.get_state_display()}」，不能再修改。"
                      "如需修改，请在单位处理前撤回，或等待退回修改。", code="not_editable")
    return decl


def save_raw_draft(decl_id: int, applicant: User, raw: dict,
                   problems: list[str] | None = None) -> None:
    """Keep what was typed even when it does not validate (nothing typed is lost). Audited
    with the messages the applicant was shown, not with the raw values."""
    with transaction.atomic():
        _keep_raw(editable_declaration(decl_id, applicant, lock=True), applicant, raw, problems)


def _keep_raw(decl: Declaration, applicant: User, raw: dict,
              problems: list[str] | None) -> None:
    decl.draft_data = raw
    decl.save(update_fields=["draft_data", "updated_at"])
    record(actor=applicant, action="declaration.draft_kept", obj=decl,
           role=Role.APPLICANT, scope=_scope(applicant),
           after={"problems": list(problems or [])})


@dataclass
class PageInput:
    """What a page sent, as its forms read it: facts (and rows) when everything
    validated; else facts is None, with the raw values and every problem."""
    facts: dict | None = None
    rows: dict[str, list[dict]] | None = None
    raw: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@transaction.atomic
def save_page(decl_id: int, applicant: User, read: Callable[[Declaration], PageInput]
              ) -> tuple[Declaration, PageInput, dict[str, list[int | None]] | None]:
    """One autosave (or the form's submit button): the declaration is read once, locked
    and checked; read(decl) binds and validates the page's forms against it; then either
    the facts and rows are saved (save_form) or the raw input is kept (save_raw_draft),
    all in this one transaction. Returns (declaration, what was read, row ids or None)."""
    decl = editable_declaration(decl_id, applicant, lock=True, related=False)
    # The forms get a copy: a ModelForm's validation writes its values onto its instance,
    # and only the facts below, diffed and audited, may reach the record.
    sent = read(copy.copy(decl))
    if sent.facts is None:
        _keep_raw(decl, applicant, sent.raw, sent.problems)
        return decl, sent, None
    return decl, sent, _apply(decl, applicant, sent.facts, sent.rows)


ROW_RELATIONS = ("education", "work_history", "achievements", "approvals")


@transaction.atomic
def save_form(decl_id: int, applicant: User, facts: dict,
              rows: dict[str, list[dict]] | None = None
              ) -> tuple[Declaration, dict[str, list[int | None]]]:
    """Apply validated facts and rows; one audit event naming what changed.

    Each row is {"id": …, "delete": …, **values}: a known id is updated in place, a row
    without id (or whose id no longer exists, e.g. deleted in another tab) is created, a
    row marked delete is deleted, and rows of a relation that are not sent at all are
    deleted (the page sends the whole list). Ids stay stable, so a page can autosave any
    number of times without reloading. Returns the id of each sent row (None if deleted),
    in the order sent, for the page to learn the ids of rows it created."""
    decl = editable_declaration(decl_id, applicant, lock=True)
    return decl, _apply(decl, applicant, facts, rows)


def _apply(decl: Declaration, applicant: User, facts: dict,
           rows: dict[str, list[dict]] | None) -> dict[str, list[int | None]]:
    before = snapshot(decl, FACT_FIELDS)
    for name, value in facts.items():
        if name not in FACT_FIELDS:
            raise ValueError(name)
        setattr(decl, name, value)
    after = snapshot(decl, FACT_FIELDS)
    diff_before = {k: v for k, v in before.items() if after.get(k) != v}
    diff_after = {k: after[k] for k in diff_before}
    row_before, row_after, ids = {}, {}, {}
    rows = rows or {}
    if any(relation not in ROW_RELATIONS for relation in rows):
        raise ValueError(sorted(set(rows) - set(ROW_RELATIONS)))
    on_file = _rows_on_file(decl, list(rows))
    for relation, sent in rows.items():
        old, new, ids[relation] = _sync_rows(decl, relation, sent, on_file[relation])
        if old or new:
            row_before[relation], row_after[relation] = old, new
    if row_after:
        diff_before["rows"], diff_after["rows"] = row_before, row_after
    if diff_after or decl.draft_data:
        decl.draft_data = {}  # the record now holds everything typed
        decl.save()
    if diff_after:
        record(actor=applicant, action="declaration.edit", obj=decl, role=Role.APPLICANT,
               scope=_scope(applicant), before=diff_before, after=diff_after)
    return ids


def save_facts(decl_id: int, applicant: User, facts: dict,
               rows: dict[str, list[dict]] | None = None) -> Declaration:
    """save_form() for callers that do not need the row ids."""
    return save_form(decl_id, applicant, facts, rows)[0]


def _row_model(relation: str) -> type[models.Model]:
    return getattr(Declaration, relation).rel.related_model


_ROWS_SQL: dict[tuple, tuple[str, list]] = {}  # compiled once per process and relation set
_ANY_DECLARATION = -20170515  # stands for the declaration's id in the cached parameters


def _rows_sql(vendor: str, relations: tuple[str, ...]) -> tuple[str, list]:
    key = (vendor, relations)
    if key not in _ROWS_SQL:
        parts = []
        for relation in relations:
            fields = _row_model(relation)._meta.concrete_fields
            parts.append(_row_model(relation).objects.filter(declaration_id=_ANY_DECLARATION)
                         .order_by().values(
                relation=models.Value(relation, output_field=models.CharField()),
                row=JSONObject(**{f.attname: f.attname for f in fields})))
        query = parts[0].union(*parts[1:], all=True).order_by() if len(parts) > 1 else parts[0]
        sql, params = query.query.sql_with_params()
        _ROWS_SQL[key] = sql, list(params)
    return _ROWS_SQL[key]


def _rows_on_file(decl: Declaration, relations: list[str]
                  ) -> dict[str, dict[int, models.Model]]:
    """The rows on file of several relations in one query, not one per relation: each
    row as a JSON object (UNION ALL of the ORM's own JSONObject), turned back into model
    instances. The SQL is compiled once: compiling it cost more than running it."""
    found: dict[str, dict[int, models.Model]] = {relation: {} for relation in relations}
    if not relations:
        return found
    connection = transaction.get_connection()
    sql, params = _rows_sql(connection.vendor, tuple(relations))
    with connection.cursor() as cursor:
        cursor.execute(sql, [decl.pk if p == _ANY_DECLARATION else p for p in params])
        items = cursor.fetchall()
    for relation, row in items:
        row = json.loads(row) if isinstance(row, str | bytes) else row
        model = _row_model(relation)
        fields = model._meta.concrete_fields
        obj = model.from_db(decl._state.db, [f.attname for f in fields],
                            [f.to_python(row[f.attname]) for f in fields])
        found[relation][obj.pk] = obj
    return found


def _sync_rows(decl: Declaration, relation: str, sent: list[dict],
               existing: dict[int, models.Model]) -> tuple[dict, dict, list[int | None]]:
    """Update, create and delete one relation's rows; (before, after, ids) for the audit
    event and the page. Deletions go first, so a code freed by one row can be taken by
    another (approvals are unique per code)."""
    model = _row_model(relation)
    kept: dict[int, dict] = {}
    plan: list[tuple[str, object]] = []  # ("keep", obj) | ("new", obj) | ("gone", None)
    for row in sent:
        pk = row.get("id")
        values = {k: v for k, v in row.items() if k not in ("id", "delete")}
        if row.get("delete"):
            plan.append(("gone", None))
        elif pk in existing and pk not in kept:
            kept[pk] = values
            plan.append(("keep", existing[pk]))
        else:
            plan.append(("new", model(declaration=decl, **values)))
    before: dict = {}
    after: dict = {}
    for pk in sorted(set(existing) - set(kept)):
        before.setdefault("deleted", {})[pk] = snapshot(existing[pk], None)
        existing[pk].delete()
    for pk, values in kept.items():
        obj = existing[pk]
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed:
            before.setdefault("updated", {})[pk] = snapshot(obj, changed)
            for k in changed:
                setattr(obj, k, values[k])
            obj.save(update_fields=changed)
            after.setdefault("updated", {})[pk] = snapshot(obj, changed)
    created = [obj for kind, obj in plan if kind == "new"]
    if created:
        model.objects.bulk_create(created)
        after["created"] = [snapshot(o, None) for o in created]
    if "deleted" in before:
        after["deleted"] = sorted(before["deleted"])
    return before, after, [obj.pk if obj is not None else None for _, obj in plan]


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
