"""The demo data set (`zhicheng demo`): complete, valid, idempotent and audited."""

import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from stdnum.cn import ric, uscc

from zhicheng.audit.domain import events_for
from zhicheng.audit.models import AuditEvent
from zhicheng.core.models import (
    City,
    Committee,
    DeploymentFiling,
    Industry,
    Level,
    Office,
    OfficeKind,
    Plan,
    PlanPhase,
    Role,
    RoleAssignment,
    Series,
    Unit,
    UnitType,
    User,
)
from zhicheng.demo import data, load
from zhicheng.demo.codes import credit_code, id_number, org_code_check
from zhicheng.demo.load import load_demo

pytestmark = pytest.mark.django_db

SECTION_5_2 = [
    "建设系统广西建工集团副高级评审委员会",
    "交通行业广西新发展交通集团副高级评审委员会",
    "交通行业广西交通投资集团副高级评审委员会",
    "玉林市副高级评审委员会（工程）",
    "桂林医学院副高级评审委员会",
    "右江民族医学院副高级评审委员会",
    "百色市副高级评审委员会（卫生）",
    *(f"{city}市中小学教师副高级评审委员会"
      for city in ["北海", "防城港", "钦州", "贵港", "百色", "贺州", "河池", "来宾"]),
]


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("core").get_models()}


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # PBKDF2 is slow by design; these tests are about the data, not the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def logins():
    return load_demo()


# ---- identifiers -------------------------------------------------------------------------


def test_check_digits_match_published_examples():
    # stdnum's own example 91110000600037341L: organisation code 60003734-1.
    assert org_code_check("60003734") == "1"
    assert credit_code("91", "110000", "60003734") == "91110000600037341L"
    assert id_number("11010519491231002") == "11010519491231002X"  # GB 11643's example


def test_applicant_id_number_is_a_valid_guangxi_1980_id(logins):
    user = User.objects.get(username="demo_applicant")
    assert ric.is_valid(user.id_number)
    assert ric.get_birth_date(user.id_number).year == 1980
    assert ric.get_birth_place(user.id_number)["province"] == "广西壮族自治区"


def test_every_credit_code_is_valid(logins):
    codes = list(Unit.objects.values_list("credit_code", flat=True))
    assert len(codes) == len(data.UNITS)
    assert all(uscc.is_valid(code) for code in codes), codes


# ---- catalogue ---------------------------------------------------------------------------


def test_cities(logins):
    assert City.objects.count() == 14
    assert City.objects.get(code="450900").name == "玉林市"
    assert set(City.objects.filter(independent_authority=True).values_list("name", flat=True)) \
        == {"南宁市", "柳州市", "桂林市"}


def test_series_and_offices(logins):
    assert set(Series.objects.values_list("code", flat=True)) == {
        "engineering", "health", "school_teacher", "economics", "accounting"}
    assert Series.objects.get(code="school_teacher").evaluation_appointment_combined
    assert not Series.objects.get(code="engineering").evaluation_appointment_combined
    region = Office.objects.get(kind=OfficeKind.REGIONAL)
    assert region.name == "自治区职改办"
    assert Office.objects.filter(kind=OfficeKind.CITY, parent=region).count() == 14
    assert Office.objects.filter(kind=OfficeKind.SERIES, parent=region).count() == 5
    assert Office.objects.get(name="南宁市职改办").city.code == "450100"


def test_section_5_2_committees(logins):
    new = Committee.objects.filter(basis="§5.2 新组建副高级评委会")
    assert sorted(new.values_list("name", flat=True)) == sorted(SECTION_5_2)
    for c in new:
        assert c.min_level == c.max_level == Level.DEPUTY_SENIOR
        assert c.area in {"city", "organisation"}
        assert (c.city is not None) == (c.area == "city")
        assert (c.organisation is not None) == (c.area == "organisation")
    by_series = {s: new.filter(series__code=s).count()
                 for s in ["engineering", "health", "school_teacher"]}
    assert by_series == {"engineering": 4, "health": 3, "school_teacher": 8}
    organisations = set(new.exclude(organisation=None).values_list("organisation__name",
                                                                   flat=True))
    assert organisations == {"广西建工集团", "广西新发展交通集团", "广西交通投资集团",
                             "桂林医学院", "右江民族医学院"}


def test_regional_and_city_committees(logins):
    senior = Committee.objects.get(name="广西工程系列高级评审委员会")
    assert (senior.min_level, senior.max_level, senior.area) == (
        Level.DEPUTY_SENIOR, Level.SENIOR, "region")
    assert senior.office.name == "工程系列职改办"
    assert Committee.objects.filter(area="region").count() == 5
    mid = Committee.objects.get(name="南宁市工程系列中级评审委员会")
    assert (mid.min_level, mid.max_level) == (Level.JUNIOR, Level.INTERMEDIATE)
    assert mid.office.name == "南宁市职改办"
    assert not mid.specialties.exists()  # the whole series
    nursing = Committee.objects.get(code="health-liuzhou-mid")
    assert set(nursing.specialties.values_list("name", flat=True)) == {"护理", "药学"}


def test_units(logins):
    present = set(Unit.objects.values_list("unit_type", flat=True))
    assert present == set(UnitType.values)
    for unit_type in UnitType.values:
        assert Unit.objects.filter(unit_type=unit_type).count() >= 3

    bank_branch = Unit.objects.get(industry=Industry.BANK, legal_person=False)
    assert bank_branch.parent.industry == Industry.BANK and bank_branch.parent.legal_person
    other_branch = Unit.objects.get(industry=Industry.OTHER, legal_person=False)  # §3.1.5
    assert other_branch.parent is not None
    outside = Unit.objects.get(in_guangxi=False)
    assert outside.city is None
    assert Unit.objects.filter(is_talent_centre=True, name="南宁市人才交流服务中心").exists()


def test_plan_phases_and_filings(logins):
    plan = Plan.objects.get(code="gx-2017")
    assert (plan.year, plan.policy_code, plan.document_number, plan.issued_on) == (
        2017, "gx-2017", "桂职办〔2017〕26号", datetime.date(2017, 3, 18))
    senior = {p.phase: (p.starts_on, p.ends_on) for p in plan.phases.filter(committee=None)}
    d = datetime.date
    assert senior == {
        "deployment": (d(2017, 3, 1), d(2017, 4, 30)),
        "application": (d(2017, 5, 1), d(2017, 6, 30)),
        "review": (d(2017, 7, 1), d(2017, 8, 31)),
        "evaluation": (d(2017, 9, 1), d(2017, 10, 31)),
        "approval": (d(2017, 11, 1), d(2017, 12, 31)),
    }
    own = PlanPhase.objects.filter(plan=plan, committee__isnull=False)
    assert own.exists()
    assert all(p.starts_on.year == p.ends_on.year == 2017 for p in own)  # §5.1.3
    assert all(Level.rank(p.committee.max_level) <= Level.rank(Level.INTERMEDIATE) for p in own)
    filings = DeploymentFiling.objects.filter(plan=plan)
    assert sorted(f.late for f in filings) == [False, True]  # §5.1.2


# ---- accounts ----------------------------------------------------------------------------


def test_every_role_has_a_demo_account_that_can_log_in(logins):
    # The experts' accounts come with their pool entries (demo.pool, tests/demo/test_pool.py).
    assert {login.role for login in logins} == set(Role.labels) - {Role.EXPERT.label}
    request = RequestFactory().post("/")
    for login in logins:
        user = authenticate(request=request, username=login.username, password=login.password)
        assert user is not None and user.username == login.username
    assert all(login.password == "Zhicheng@2017" for login in logins)


def test_account_scopes_and_who_opened_them(logins):
    def assignment(username: str) -> RoleAssignment:
        return RoleAssignment.objects.get(user__username=username)

    unit, unit2 = assignment("demo_unit").unit, assignment("demo_unit2").unit
    assert unit != unit2
    assert unit.unit_type == UnitType.PUBLIC_INSTITUTION and unit.city.name == "南宁市"
    assert assignment("demo_centre").unit.is_talent_centre
    assert assignment("demo_city_office").office.name == "南宁市职改办"
    assert assignment("demo_series_office").office.name == "工程系列职改办"
    assert assignment("demo_secretariat").committee.name == "广西工程系列高级评审委员会"
    assert assignment("demo_region").office.kind == OfficeKind.REGIONAL
    opened_by = {a.user.username: a.created_by and a.created_by.username
                 for a in RoleAssignment.objects.select_related("user", "created_by")}
    assert opened_by == {
        "demo_region": None, "demo_city_office": "demo_region",
        "demo_series_office": "demo_region", "demo_unit": "demo_city_office",
        "demo_unit2": "demo_city_office", "demo_centre": "demo_city_office",
        "demo_secretariat": "demo_series_office",
        "demo_applicant": None,
    }


# ---- idempotence and audit ---------------------------------------------------------------


def test_second_load_creates_nothing_and_keeps_passwords(logins):
    before = _counts()
    user = User.objects.get(username="demo_unit")
    user.set_password("changed-by-its-owner-2017")
    user.save()
    out = io.StringIO()
    again = load_demo(stdout=out)
    assert _counts() == before
    assert again == logins
    assert "未新建" in out.getvalue()
    user.refresh_from_db()
    assert user.check_password("changed-by-its-owner-2017")


def test_one_audit_event_per_created_object_in_the_load_transaction(monkeypatch):
    events = []

    def record(**kwargs):
        assert connection.in_atomic_block
        events.append(kwargs)

    monkeypatch.setattr(load, "record", record)
    load_demo()
    created = sum(_counts().values())  # core's models, the user model included
    assert len(events) == created
    assert {(e["actor"], e["action"]) for e in events} == {(None, "demo.create")}
    assert all("password" not in e["after"] for e in events)
    load_demo()
    assert len(events) == created  # nothing new, nothing recorded


def test_demo_command_prints_each_login():
    out = io.StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    for spec in data.ACCOUNTS:
        assert spec.username in text
    assert "Zhicheng@2017" in text and "评委会办事机构" in text
    # The pool's experts, the chair of the demo sessions first.
    assert "demo_expert" in text and "expert_chenjh" in text and "评审专家" in text
    assert "expert_mawei" not in text  # out of the pool: no login to offer


def test_the_audit_trail_holds_one_event_per_created_object(logins):
    assert AuditEvent.objects.filter(action="demo.create").count() == sum(_counts().values())
    committee = Committee.objects.get(code="eng-gxjg-ds")
    [event] = events_for(committee)
    assert event.action == "demo.create" and event.actor_id is None
    assert event.after["code"] == "eng-gxjg-ds"


def test_demo_command_adds_sample_declarations_once(capsys):
    from django.core.management import call_command

    from zhicheng.declarations.models import Declaration, State

    call_command("demo")
    call_command("demo")
    states = sorted(Declaration.objects.values_list("state", flat=True))
    assert states == sorted([*State.values, State.SUBMITTED])  # every state, two submitted
    out = capsys.readouterr().out
    assert out.count("已创建 20 份演示申报（每种状态至少一份，办理过程按2017年度日程记录）。") == 1
