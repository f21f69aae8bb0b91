"""An applicant binds to a unit; only that unit confirms (issue 4 §1)."""

import pytest
from factories import UnitFactory, applicant, official

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.bindings import current_binding, decide_binding, request_binding
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import BindingPurpose, BindingStatus, Role, UnitBinding

pytestmark = pytest.mark.django_db


def test_unit_confirms_its_own_binding():
    unit = UnitFactory()
    person = applicant()
    b = request_binding(user=person, unit=unit, purpose=BindingPurpose.EMPLOYER)
    assert b.status == BindingStatus.PENDING
    with pytest.raises(NotFound):
        decide_binding(binding_id=b.pk, actor=official(Role.UNIT_HR, unit=UnitFactory()),
                       confirm=True)
    hr = official(Role.UNIT_HR, unit=unit)
    decide_binding(binding_id=b.pk, actor=hr, confirm=True)
    b.refresh_from_db()
    assert (b.status, b.decided_by_id) == (BindingStatus.CONFIRMED, hr.pk)
    assert [e.action for e in AuditEvent.objects.order_by("seq")] == [
        "binding.request", "binding.confirm"]
    with pytest.raises(Refused) as exc:
        decide_binding(binding_id=b.pk, actor=hr, confirm=False, note="x")
    assert exc.value.code == "stale"


def test_rejection_needs_a_reason():
    unit = UnitFactory()
    b = request_binding(user=applicant(), unit=unit, purpose=BindingPurpose.EMPLOYER)
    with pytest.raises(Refused) as exc:
        decide_binding(binding_id=b.pk, actor=official(Role.UNIT_HR, unit=unit), confirm=False)
    assert exc.value.message == "不予确认时请说明理由。"


def test_rebinding_ends_the_old_binding_and_asking_twice_is_harmless():
    person = applicant()
    first, second = UnitFactory(), UnitFactory()
    a = request_binding(user=person, unit=first, purpose=BindingPurpose.EMPLOYER)
    assert request_binding(user=person, unit=first, purpose=BindingPurpose.EMPLOYER).pk == a.pk
    request_binding(user=person, unit=second, purpose=BindingPurpose.EMPLOYER)
    a.refresh_from_db()
    assert a.status == BindingStatus.ENDED
    assert current_binding(person, BindingPurpose.EMPLOYER).unit == second
    assert UnitBinding.objects.count() == 2


def test_archive_host_must_be_a_talent_centre():
    with pytest.raises(Refused) as exc:
        request_binding(user=applicant(), unit=UnitFactory(),
                        purpose=BindingPurpose.ARCHIVE_HOST)
    assert exc.value.message == "档案托管机构须为人才交流服务中心（§3.1.1）。"
    centre = UnitFactory(is_talent_centre=True)
    with pytest.raises(Refused):
        request_binding(user=applicant(), unit=centre, purpose=BindingPurpose.EMPLOYER)
