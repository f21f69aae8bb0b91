"""Sample declarations for the demo, so each 工作台 shows work waiting (idempotent)."""

import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.models import (
    BindingPurpose,
    BindingStatus,
    Committee,
    Plan,
    Role,
    RoleAssignment,
    UnitBinding,
    User,
)
from zhicheng.declarations.models import Declaration, State
from zhicheng.policy import idnumber

# (username, name, birth date, sex order digit, state) — all of 南宁市市政工程设计研究院, the
# unit of the demo account demo_unit, declaring 工程·副高级 to the regional senior committee.
SAMPLES = [
    ("demo_sample_1", "张伟", datetime.date(1979, 3, 12), 1, State.SUBMITTED),
    ("demo_sample_2", "刘洋", datetime.date(1982, 8, 2), 3, State.SUBMITTED),
    ("demo_sample_3", "陈丽", datetime.date(1985, 11, 20), 2, State.UNIT_REVIEW),
    ("demo_sample_4", "黄勇", datetime.date(1976, 6, 30), 5, State.RECOMMENDED),
    ("demo_sample_5", "周敏", datetime.date(1980, 1, 18), 4, State.ACCEPTED_BY_COMMITTEE),
]
DEMO_UNIT_ACCOUNT = "demo_unit"
COMMITTEE_CODE = "engineering-senior"


def _audit(obj, fields=None) -> None:
    record(actor=None, action="demo.create", obj=obj, after=snapshot(obj, fields),
           note="演示数据")


@transaction.atomic
def load_sample_declarations() -> int:
    """Creates what is missing; returns how many declarations were created."""
    plan = Plan.objects.filter(code="gx-2017").first()
    committee = Committee.objects.filter(code=COMMITTEE_CODE).first()
    hr = RoleAssignment.objects.filter(user__username=DEMO_UNIT_ACCOUNT).select_related(
        "unit").first()
    if plan is None or committee is None or hr is None:
        return 0
    unit = hr.unit
    # The demo applicant can start declaring at once: bound to the demo unit, confirmed.
    applicant = User.objects.filter(username="demo_applicant").first()
    if applicant and not UnitBinding.objects.filter(user=applicant).exists():
        _audit(UnitBinding.objects.create(
            user=applicant, unit=unit, purpose=BindingPurpose.EMPLOYER,
            status=BindingStatus.CONFIRMED, decided_at=clock.now(), decided_by=hr.user))
    created = 0
    password = None
    for username, name, born, order, state in SAMPLES:
        if User.objects.filter(username=username).exists():
            continue
        password = password or make_password(None)  # sample people cannot log in
        number = idnumber.compose("450103", born, 100 + order)
        user = User.objects.create(username=username, real_name=name, id_number=number,
                                   password=password)
        RoleAssignment.objects.create(user=user, role=Role.APPLICANT)
        _audit(user, ["username", "real_name"])
        binding = UnitBinding.objects.create(
            user=user, unit=unit, purpose=BindingPurpose.EMPLOYER,
            status=BindingStatus.CONFIRMED, decided_at=clock.now(), decided_by=hr.user)
        _audit(binding)
        submitted = timezone.make_aware(datetime.datetime(2017, 5, 10 + created, 9, 30))
        decl = Declaration.objects.create(
            applicant=user, id_number=number, plan=plan, committee=committee,
            series=committee.series, level="deputy_senior", unit=unit,
            current_level="intermediate", current_title_name="工程师",
            relation_since=datetime.date(2008, 7, 1), continuing_education_completed=True,
            state=state, submitted_at=submitted, unit_type_at_submission=unit.unit_type)
        _audit(decl, ["applicant", "plan", "committee", "level", "unit", "state"])
        created += 1
    return created
