"""Settings kept by offices: how notices are shown (per office) and working-day overrides
(regional office, for years chinese-calendar does not know)."""

import datetime

from django.db import transaction

from zhicheng.audit.domain import record, snapshot
from zhicheng.core.domain.acting import acting_assignment
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Office, Role, RoleAssignment, User, WorkdayOverride
from zhicheng.notices.models import MaskStyle, NameOrder, NoticeSetting


def office_assignment(user: User, office_id: int) -> RoleAssignment:
    """An office sets its own notice display; the regional office may set any office's."""
    return acting_assignment(user, roles=[Role.OFFICE, Role.REGIONAL_OFFICE],
                             where=lambda a: a.role == Role.REGIONAL_OFFICE
                             or a.office_id == office_id)


def regional_assignment(user: User) -> RoleAssignment:
    return acting_assignment(user, roles=[Role.REGIONAL_OFFICE])


@transaction.atomic
def set_notice_setting(*, actor: User, office_id: int, mask_style: str,
                       order: str) -> NoticeSetting:
    assignment = office_assignment(actor, office_id)
    if mask_style not in MaskStyle.values:
        raise Refused("身份证号码显示方式无效。", code="bad_mask")
    if order not in NameOrder.values:
        raise Refused("名单排序方式无效。", code="bad_order")
    office = Office.objects.filter(pk=office_id).first()
    if office is None:
        raise NotFound()
    setting = NoticeSetting.objects.select_for_update().filter(office=office).first()
    before = snapshot(setting, ["mask_style", "order"]) if setting else None
    setting = setting or NoticeSetting(office=office)
    setting.mask_style, setting.order, setting.updated_by = mask_style, order, actor
    setting.save()
    record(actor=actor, action="notice.setting", obj=setting, role=assignment.role,
           scope=assignment.scope_key, before=before,
           after=snapshot(setting, ["office", "mask_style", "order"]))
    return setting


@transaction.atomic
def set_workday_override(*, actor: User, date: datetime.date, is_workday: bool,
                         note: str = "") -> WorkdayOverride:
    assignment = regional_assignment(actor)
    note = note.strip()
    if len(note) > 80:
        raise Refused("说明不超过80字。", code="too_long")
    row = WorkdayOverride.objects.select_for_update().filter(date=date).first()
    before = snapshot(row, ["is_workday", "note"]) if row else None
    row = row or WorkdayOverride(date=date)
    row.is_workday, row.note, row.set_by = is_workday, note, actor
    row.save()
    record(actor=actor, action="notice.workday_override", obj=row, role=assignment.role,
           scope=assignment.scope_key, before=before,
           after=snapshot(row, ["date", "is_workday", "note"]))
    return row
