"""A series office asks to change the system's configuration; the change takes effect only
when the regional office consents (§7.1.2). Refused requests are kept."""

from dataclasses import dataclass

from django.db import transaction

from zhicheng.approvals.domain.common import cite, required_text
from zhicheng.approvals.models import ConfigChangeRequest, RequestState, Target
from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Committee, Level, OfficeKind, Role, RoleAssignment, Series, User
from zhicheng.materials.domain import update_material_type
from zhicheng.materials.domain.catalogue import EDITABLE as MATERIAL_EDITABLE
from zhicheng.materials.models import MaterialType

CLAUSE = "7.1.2"
_TRUE = {"true", "1", "on", "yes", "是"}
_FALSE = {"false", "0", "off", "no", "否", ""}


@dataclass(frozen=True)
class FieldSpec:
    label: str
    kind: str  # str, int, int_or_none, bool, list, level


def _material_fields() -> dict[str, FieldSpec]:
    kinds = {"formats": "list", "levels": "list", "kinds": "list", "max_size_mb": "int",
             "max_files": "int", "max_pages": "int_or_none", "sort_order": "int",
             "required": "bool", "active": "bool"}
    # The list of series a material applies to is the regional office's own business.
    return {name: FieldSpec(str(MaterialType._meta.get_field(name).verbose_name),
                            kinds.get(name, "str"))
            for name in sorted(MATERIAL_EDITABLE - {"series"})}


FIELDS: dict[str, dict[str, FieldSpec]] = {
    Target.MATERIAL_TYPE: _material_fields(),
    Target.SERIES: {"evaluation_appointment_combined": FieldSpec("评聘结合（§2.1.3）", "bool")},
    Target.COMMITTEE: {"min_level": FieldSpec("最低级别", "level"),
                       "max_level": FieldSpec("最高级别", "level")},
}
MODELS = {Target.MATERIAL_TYPE: MaterialType, Target.SERIES: Series,
          Target.COMMITTEE: Committee}


def coerce(spec: FieldSpec, raw):
    """Form text or JSON value → the field's value; Refused with a plain message."""
    def bad(what: str):
        return Refused(f"「{spec.label}」{what}", code="invalid_value")

    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise bad("须为“是”或“否”。")
    if spec.kind in ("int", "int_or_none"):
        if spec.kind == "int_or_none" and (raw is None or str(raw).strip() == ""):
            return None
        try:
            return int(str(raw).strip())
        except ValueError:
            raise bad("须为整数。") from None
    if spec.kind == "list":
        items = raw if isinstance(raw, list) else str(raw).replace("，", ",").split(",")
        return [str(i).strip() for i in items if str(i).strip()]
    if spec.kind == "level":
        if raw not in Level.values:
            raise bad("不是已知的级别。")
        return raw
    return str(raw if raw is not None else "").strip()


def _series_office(user: User, preferred: RoleAssignment | None = None) -> RoleAssignment:
    mine = assignments_of(user)
    if preferred is not None:
        mine = sorted(mine, key=lambda a: a.pk != preferred.pk)
    acting = next((a for a in mine if a.role == Role.OFFICE
                   and a.office.kind == OfficeKind.SERIES), None)
    if acting is None:
        raise NotFound()
    return acting


def _regional(user: User) -> RoleAssignment:
    acting = next((a for a in assignments_of(user) if a.role == Role.REGIONAL_OFFICE), None)
    if acting is None:
        raise NotFound()
    return acting


def target_in_scope(office, target_type: str, obj) -> bool:
    """A series office asks only about its own series, committees and the materials that apply
    to its series (or to every series)."""
    if target_type == Target.SERIES:
        return obj.pk == office.series_id
    if target_type == Target.COMMITTEE:
        return obj.series_id == office.series_id or obj.office_id == office.pk
    series = set(obj.series.values_list("pk", flat=True))
    return not series or office.series_id in series


def targets_for(office, target_type: str):
    qs = MODELS[target_type].objects.all()
    if target_type == Target.SERIES:
        return qs.filter(pk=office.series_id)
    if target_type == Target.COMMITTEE:
        return qs.filter(series_id=office.series_id) | qs.filter(office_id=office.pk)
    return qs.filter(series__isnull=True) | qs.filter(series=office.series_id)


def _current(obj, field: str):
    return snapshot(obj, [field])[field]


def request_change(*, actor: User, target_type: str, target_id: int, field: str, new_value,
                   reason: str, assignment: RoleAssignment | None = None) -> ConfigChangeRequest:
    acting = _series_office(actor, assignment)
    if target_type not in FIELDS:
        raise Refused("不能申请修改该类配置。", code="invalid_target")
    obj = MODELS[target_type].objects.filter(pk=target_id).first()
    if obj is None or not target_in_scope(acting.office, target_type, obj):
        raise NotFound()
    spec = FIELDS[target_type].get(field)
    if spec is None:
        raise Refused(f"不能申请修改「{Target(target_type).label}」的这一项：{field}。",
                      code="invalid_field")
    value = coerce(spec, new_value)
    reason = required_text(reason, f"请填写申请修改的理由{cite(CLAUSE)}。", "reason_required")
    old = _current(obj, field)
    if old == value:
        raise Refused(f"「{spec.label}」现在的值已是所申请的值，无需修改。", code="no_change")
    if target_type == Target.MATERIAL_TYPE:
        _validate_material({field: value})
    if target_type == Target.COMMITTEE:
        _check_levels(obj, field, value)
    with transaction.atomic():
        req = ConfigChangeRequest.objects.create(
            office=acting.office, requested_by=actor, target_type=target_type,
            target_id=obj.pk, target_label=str(obj)[:120], field=field, old_value=old,
            new_value=value, reason=reason)
        record(actor=actor, action="config_change.request", obj=req, role=acting.role,
               scope=acting.scope_key, after=snapshot(req), note=reason)
    return req


def _validate_material(changes: dict) -> None:
    # The catalogue's own checks, so that a request that could never apply is refused now.
    from zhicheng.materials.domain.catalogue import validate_changes

    validate_changes(dict(changes))


def _check_levels(committee: Committee, field: str, value: str) -> None:
    low = value if field == "min_level" else committee.min_level
    high = value if field == "max_level" else committee.max_level
    if Level.rank(low) > Level.rank(high):
        raise Refused("评委会的最低级别不能高于最高级别。", code="invalid_value")


def visible_requests(user: User):
    qs = ConfigChangeRequest.objects.select_related("office", "requested_by", "decided_by")
    mine = assignments_of(user)
    if any(a.role == Role.REGIONAL_OFFICE for a in mine):
        return qs
    offices = [a.office_id for a in mine if a.role == Role.OFFICE
               and a.office.kind == OfficeKind.SERIES]
    return qs.filter(office_id__in=offices) if offices else qs.none()


def _pending(request_id: int) -> ConfigChangeRequest:
    req = ConfigChangeRequest.objects.select_for_update().filter(pk=request_id).first()
    if req is None:
        raise NotFound()
    if req.state != RequestState.PENDING:
        raise Refused(f"该申请已处理（{req.get_state_display()}），请刷新页面。", code="stale")
    return req


def consent(*, request_id: int, actor: User, note: str = "") -> ConfigChangeRequest:
    """The regional office consents: the change is applied and audited, in one transaction."""
    acting = _regional(actor)
    with transaction.atomic():
        req = _pending(request_id)
        before = snapshot(req, ["state", "decided_by", "decided_at", "decision_note"])
        _apply(req, actor, acting)
        req.state = RequestState.CONSENTED
        req.decided_by = actor
        req.decided_at = clock.now()
        req.decision_note = (note or "").strip()
        req.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        record(actor=actor, action="config_change.consent", obj=req, role=acting.role,
               scope=acting.scope_key, before=before,
               after=snapshot(req, ["state", "decided_by", "decided_at", "decision_note"]),
               note=req.decision_note)
    return req


def refuse(*, request_id: int, actor: User, note: str) -> ConfigChangeRequest:
    acting = _regional(actor)
    note = required_text(note, "不同意时须填写理由。", "reason_required")
    with transaction.atomic():
        req = _pending(request_id)
        before = snapshot(req, ["state", "decided_by", "decided_at", "decision_note"])
        req.state = RequestState.REFUSED
        req.decided_by = actor
        req.decided_at = clock.now()
        req.decision_note = note
        req.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        record(actor=actor, action="config_change.refuse", obj=req, role=acting.role,
               scope=acting.scope_key, before=before,
               after=snapshot(req, ["state", "decided_by", "decided_at", "decision_note"]),
               note=note)
    return req


def _apply(req: ConfigChangeRequest, actor: User, acting: RoleAssignment) -> None:
    model = MODELS[req.target_type]
    obj = model.objects.select_for_update().filter(pk=req.target_id).first()
    if obj is None:
        raise Refused("申请修改的对象已不存在。", code="target_gone")
    if req.target_type == Target.MATERIAL_TYPE:
        # The catalogue's own domain function (regional office as actor), audited there.
        update_material_type(material_type=obj, actor=actor, **{req.field: req.new_value})
        return
    if req.target_type == Target.COMMITTEE:
        _check_levels(obj, req.field, req.new_value)
    before = snapshot(obj, [req.field])
    setattr(obj, req.field, req.new_value)
    obj.save(update_fields=[req.field])
    record(actor=actor, action=f"{req.target_type}.update", obj=obj, role=acting.role,
           scope=acting.scope_key, before=before, after=snapshot(obj, [req.field]),
           note=f"依据系列职改办修改申请 #{req.pk}{cite(CLAUSE)}")
