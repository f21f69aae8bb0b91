"""Binding an applicant to their unit or archive host; the unit confirms (issue 4 §1)."""

from django.db import transaction

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import (
    BindingPurpose,
    BindingStatus,
    Role,
    Unit,
    UnitBinding,
    User,
)

FIELDS = ["user", "unit", "purpose", "status", "note"]


def current_binding(user: User, purpose: str) -> UnitBinding | None:
    return (UnitBinding.objects.filter(user=user, purpose=purpose,
                                       status__in=[BindingStatus.PENDING,
                                                   BindingStatus.CONFIRMED])
            .select_related("unit").first())


@transaction.atomic
def request_binding(*, user: User, unit: Unit, purpose: str) -> UnitBinding:
    if not any(a.role == Role.APPLICANT for a in assignments_of(user)):
        raise Refused("只有申报人可以绑定单位。", code="wrong_role")
    if purpose == BindingPurpose.ARCHIVE_HOST and not unit.is_talent_centre:
        raise Refused("档案托管机构须为人才交流服务中心（§3.1.1）。", code="not_centre")
    if purpose == BindingPurpose.EMPLOYER and unit.is_talent_centre:
        raise Refused("人才交流服务中心不是工作单位；档案托管请选择“档案托管机构”。",
                      code="centre_as_employer")
    old = current_binding(user, purpose)
    if old is not None:
        if old.unit_id == unit.pk:
            return old  # asking twice changes nothing
        before = snapshot(old, FIELDS)
        old.status = BindingStatus.ENDED
        old.save(update_fields=["status"])
        record(actor=user, action="binding.end", obj=old, role=Role.APPLICANT,
               scope=f"user:{user.pk}", before=before, after=snapshot(old, FIELDS))
    binding = UnitBinding.objects.create(user=user, unit=unit, purpose=purpose)
    record(actor=user, action="binding.request", obj=binding, role=Role.APPLICANT,
           scope=f"user:{user.pk}", after=snapshot(binding, FIELDS))
    return binding


@transaction.atomic
def decide_binding(*, binding_id: int, actor: User, confirm: bool, note: str = "") -> UnitBinding:
    binding = UnitBinding.objects.select_for_update().filter(pk=binding_id).first()
    acting = binding and next(
        (a for a in assignments_of(actor)
         if a.role in (Role.UNIT_HR, Role.TALENT_CENTRE) and a.unit_id == binding.unit_id), None)
    if not acting:
        raise NotFound()
    if binding.status != BindingStatus.PENDING:
        raise Refused(f"该绑定申请已处理（{binding.get_status_display()}），请刷新页面。",
                      code="stale")
    if not confirm and not note.strip():
        raise Refused("不予确认时请说明理由。", code="reason_required")
    before = snapshot(binding, FIELDS)
    binding.status = BindingStatus.CONFIRMED if confirm else BindingStatus.REJECTED
    binding.decided_at = clock.now()
    binding.decided_by = actor
    binding.note = note.strip()
    binding.save(update_fields=["status", "decided_at", "decided_by", "note"])
    record(actor=actor, action="binding.confirm" if confirm else "binding.reject",
           obj=binding, role=acting.role, scope=acting.scope_key, before=before,
           after=snapshot(binding, FIELDS), note=binding.note)
    return binding
