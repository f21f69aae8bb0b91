"""A series office's configuration change takes effect only with the regional office's
consent (§7.1.2)."""

import pytest
from factories import CommitteeFactory, OfficeFactory, SeriesFactory, official

from zhicheng.approvals.domain.config_changes import consent, refuse, request_change
from zhicheng.approvals.models import ConfigChangeRequest
from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Level, OfficeKind, Role, Series
from zhicheng.materials.models import MaterialType

pytestmark = pytest.mark.django_db


@pytest.fixture
def series_office(today):
    series = SeriesFactory()
    return official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.SERIES, city=None,
                                                      series=series))


def actions():
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def test_material_change_waits_for_consent_then_applies_audited(series_office, regional):
    mt = MaterialType.objects.get(code="continuing_education_certificate")
    before = mt.max_files
    req = request_change(actor=series_office, target_type="material_type", target_id=mt.pk,
                         field="max_files", new_value="3", reason="继续教育证明常分多页多份。")
    mt.refresh_from_db()
    assert (mt.max_files, req.state, req.old_value, req.new_value) == (before, "pending",
                                                                       before, 3)
    assert actions() == ["config_change.request"]

    consent(request_id=req.pk, actor=regional, note="同意。")
    mt.refresh_from_db()
    req.refresh_from_db()
    assert (mt.max_files, req.state, req.decided_by_id) == (3, "consented", regional.pk)
    assert actions() == ["config_change.request", "material_type.update",
                         "config_change.consent"]
    update = AuditEvent.objects.get(action="material_type.update")
    assert (update.actor_id, update.role, update.before, update.after) == (
        regional.pk, "regional_office", {"max_files": before}, {"max_files": 3})
    with pytest.raises(Refused) as exc:
        consent(request_id=req.pk, actor=regional)
    assert exc.value.message == "该申请已处理（已同意并生效），请刷新页面。"


def test_series_flag_change_and_refusal_kept(series_office, regional):
    series = series_office.assignments.get().office.series
    req = request_change(actor=series_office, target_type="series", target_id=series.pk,
                         field="evaluation_appointment_combined", new_value="是",
                         reason="本系列实行评聘结合。")
    assert Series.objects.get(pk=series.pk).evaluation_appointment_combined is False
    with pytest.raises(Refused) as exc:
        refuse(request_id=req.pk, actor=regional, note=" ")
    assert exc.value.message == "不同意时须填写理由。"
    refuse(request_id=req.pk, actor=regional, note="须先报领导小组研究。")
    assert Series.objects.get(pk=series.pk).evaluation_appointment_combined is False
    kept = ConfigChangeRequest.objects.get()
    assert (kept.state, kept.decision_note) == ("refused", "须先报领导小组研究。")

    again = request_change(actor=series_office, target_type="series", target_id=series.pk,
                           field="evaluation_appointment_combined", new_value=True,
                           reason="领导小组已同意。")
    consent(request_id=again.pk, actor=regional)
    assert Series.objects.get(pk=series.pk).evaluation_appointment_combined is True
    event = AuditEvent.objects.get(action="series.update")
    assert (event.before, event.after, event.actor_id) == (
        {"evaluation_appointment_combined": False}, {"evaluation_appointment_combined": True},
        regional.pk)
    assert ConfigChangeRequest.objects.count() == 2


def test_committee_level_range(series_office, regional):
    committee = CommitteeFactory()
    req = request_change(actor=series_office, target_type="committee", target_id=committee.pk,
                         field="min_level", new_value=Level.INTERMEDIATE, reason="扩大评审范围。")
    consent(request_id=req.pk, actor=regional)
    committee.refresh_from_db()
    assert committee.min_level == Level.INTERMEDIATE
    with pytest.raises(Refused) as exc:
        request_change(actor=series_office, target_type="committee", target_id=committee.pk,
                       field="max_level", new_value=Level.JUNIOR, reason="错误的申请。")
    assert exc.value.message == "评委会的最低级别不能高于最高级别。"


def test_out_of_scope_and_bad_requests(series_office, regional):
    other_series = SeriesFactory(code="health", name="卫生")
    city_office = official(Role.OFFICE, office=OfficeFactory())
    with pytest.raises(NotFound):  # another series
        request_change(actor=series_office, target_type="series", target_id=other_series.pk,
                       field="evaluation_appointment_combined", new_value=True, reason="x")
    mt = MaterialType.objects.get(code="continuing_education_certificate")
    for actor in (city_office, regional):  # only series offices request (§7.1.2)
        with pytest.raises(NotFound):
            request_change(actor=actor, target_type="material_type", target_id=mt.pk,
                           field="max_files", new_value=2, reason="x")
    cases = [
        ({"field": "code", "new_value": "x"}, "不能申请修改「申报材料类型」的这一项：code。"),
        ({"field": "max_files", "new_value": "两份"}, "「文件个数上限」须为整数。"),
        ({"field": "max_files", "new_value": 0}, "「文件个数上限」至少为 1。"),
        ({"field": "formats", "new_value": "pdf,doc"},
         "「允许格式」须为 pdf、jpeg、png 中的一种或几种。"),
        ({"field": "max_files", "new_value": 2, "reason": ""},
         "请填写申请修改的理由（桂职办〔2017〕26号 §7.1.2）。"),
        ({"field": "max_files", "new_value": mt.max_files},
         "「文件个数上限」现在的值已是所申请的值，无需修改。"),
    ]
    for over, message in cases:
        kwargs = {"target_type": "material_type", "target_id": mt.pk, "reason": "理由", **over}
        with pytest.raises(Refused) as exc:
            request_change(actor=series_office, **kwargs)
        assert exc.value.message == message
    assert not ConfigChangeRequest.objects.exists()
    req = request_change(actor=series_office, target_type="material_type", target_id=mt.pk,
                         field="max_files", new_value=2, reason="理由")
    for actor in (series_office, city_office):  # only the regional office consents
        with pytest.raises(NotFound):
            consent(request_id=req.pk, actor=actor)
    assert MaterialType.objects.get(pk=mt.pk).max_files == mt.max_files
