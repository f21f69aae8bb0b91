"""Factories for the core catalogue, accounts and declarations."""

import datetime
import itertools

import factory
from stdnum.cn import uscc

from zhicheng.core.models import (
    City,
    Committee,
    Level,
    Office,
    OfficeKind,
    Phase,
    Plan,
    PlanPhase,
    Role,
    RoleAssignment,
    Series,
    Unit,
    UnitType,
    User,
)
from zhicheng.declarations.models import Declaration
from zhicheng.policy import idnumber

_codes = itertools.count(1)
_people = itertools.count(1)


def id_number(born: datetime.date = datetime.date(1980, 1, 1), sex: str = "male") -> str:
    """A valid 18-digit number, unique per call (order code by sex parity)."""
    n = next(_people)
    order = (n * 2 + (1 if sex == "male" else 0)) % 1000
    region = f"4501{(n // 500) % 100:02d}"
    return idnumber.compose(region, born, order)
PASSWORD = "Zhicheng@test1"


def credit_code() -> str:
    body = f"91450100MA{next(_codes):07d}"
    return body + uscc.calc_check_digit(body)


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("code",)

    code = "450100"
    name = "南宁市"


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ("code",)

    code = "engineering"
    name = "工程"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"南宁市第{n}设计院")
    credit_code = factory.LazyFunction(credit_code)
    unit_type = UnitType.PUBLIC_INSTITUTION
    city = factory.SubFactory(CityFactory)


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"第{n}职改办")
    kind = OfficeKind.CITY
    city = factory.SubFactory(CityFactory)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    code = factory.Sequence(lambda n: f"committee-{n}")
    name = factory.Sequence(lambda n: f"第{n}工程系列高级评审委员会")
    series = factory.SubFactory(SeriesFactory)
    min_level = Level.DEPUTY_SENIOR
    max_level = Level.SENIOR
    area = "region"
    office = factory.SubFactory(OfficeFactory, kind=OfficeKind.SERIES, city=None,
                                series=factory.SelfAttribute("..series"))


ANNEX1 = {
    Phase.DEPLOYMENT: ((3, 1), (4, 30)),
    Phase.APPLICATION: ((5, 1), (6, 30)),
    Phase.REVIEW: ((7, 1), (8, 31)),
    Phase.EVALUATION: ((9, 1), (10, 31)),
    Phase.APPROVAL: ((11, 1), (12, 31)),
}


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = "gx-2017"
    year = 2017
    name = "2017年度广西专业技术资格评审"
    policy_code = "gx-2017"
    document_number = "桂职办〔2017〕26号"
    issued_on = datetime.date(2017, 3, 18)

    @factory.post_generation
    def phases(self, create, extracted, **kwargs):
        if not create or extracted is False or self.phases.exists():
            return
        for phase, ((m1, d1), (m2, d2)) in ANNEX1.items():
            PlanPhase.objects.create(plan=self, phase=phase,
                                     starts_on=datetime.date(self.year, m1, d1),
                                     ends_on=datetime.date(self.year, m2, d2))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"张{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


def assign(user: User, role: str, **scope) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, **scope)


def official(role: str, **scope) -> User:
    user = UserFactory()
    assign(user, role, **scope)
    return user


def applicant(**fields) -> User:
    user = UserFactory(id_number=fields.pop("id_number", None) or id_number(), **fields)
    assign(user, Role.APPLICANT)
    return user


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    applicant = factory.LazyFunction(applicant)
    id_number = factory.SelfAttribute("applicant.id_number")
    plan = factory.SubFactory(PlanFactory)
    committee = factory.SubFactory(CommitteeFactory)
    series = factory.SelfAttribute("committee.series")
    level = Level.DEPUTY_SENIOR
    current_level = Level.INTERMEDIATE
    unit = factory.SubFactory(UnitFactory)


def submitted_once(decl: Declaration) -> Declaration:
    """Returned for changes after a submission: the officials who had it keep seeing it and
    the applicant may still change materials (a never-submitted draft is the applicant's)."""
    from django.utils import timezone

    decl.state = "returned"
    decl.submitted_at = timezone.now()
    decl.save(update_fields=["state", "submitted_at"])
    return decl


# --- the committee's evaluation -------------------------------------------------------


def expert_of(committee, *, specialty=None, user=None, **fields):
    """A pool expert of `committee` with an expert account (no audit: a test fixture)."""
    from zhicheng.core.models import Specialty
    from zhicheng.evaluation.models import Expert

    n = next(_people)
    if specialty is None:
        specialty = (Specialty.objects.filter(series=committee.series).first()
                     or Specialty.objects.create(series=committee.series, code=f"spec-{n}",
                                                 name=f"专业{n}"))
    if user is None:
        user = UserFactory(real_name=f"评委{n}")
        assign(user, Role.EXPERT, committee=committee)
    values = {"code": f"E{n:04d}", "title_name": "正高级工程师", "level": Level.SENIOR,
              "employer_name": f"专家单位{n}", "employer_code": credit_code(),
              "term_starts": datetime.date(2016, 1, 1), "term_ends": datetime.date(2018, 12, 31),
              "joined_at": datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC), **fields}
    return Expert.objects.create(committee=committee, user=user, specialty=specialty, **values)


def session_with(declarations, *, committee=None, experts=(), **fields):
    """A session holding `declarations`, with `experts` seated (as if drawn)."""
    from zhicheng.evaluation.models import EvaluationSession, Seat

    committee = committee or declarations[0].committee
    n = next(_codes)
    values = {"code": f"session-{n}", "name": f"第{n}次评审会议",
              "held_on": datetime.date(2017, 9, 20), "witness_name": "监督员",
              "witness_org": "自治区纪委监委驻厅纪检监察组", "groups": {},
              "created_by": UserFactory(), "created_at": datetime.datetime.now(datetime.UTC),
              **fields}
    session = EvaluationSession.objects.create(committee=committee, plan=declarations[0].plan,
                                               **values)
    session.declarations.set(declarations)
    for e in experts:
        Seat.objects.create(session=session, expert=e, group=e.specialty.code)
    return session
