"""Bulk test data for benchmarks: many declarations over many applicants, units,
committees and states, fast enough for 100,000 rows in well under two minutes.

Needs the demo catalogue (``zhicheng.demo.load.load_demo``): cities, series,
specialties, committees and the gx-2017 plan. Call from inside Django (after
``django.setup()`` and migrations)::

    from datagen import generate, realistic_draft
    stats = generate(100_000, hr_unit=unit)         # adds to what is there already
    decl = realistic_draft(person, unit=unit, hr=hr_user, committee=committee)

``generate`` writes with ``bulk_create`` (users, applicant role assignments, units,
declarations, one education row each) and raw SQL for the audit events
(a ``declaration.start`` event for every declaration, ``declaration.submit`` for those
past the draft; COPY on PostgreSQL), chained onto the current head of the audit chain, so
``zhicheng audit verify`` still passes (the events are not covered by a signed
checkpoint). Nothing here goes through the domain functions: the generated rows are
background load, not examples of the workflow. ``realistic_draft`` is the opposite: one
declaration made the way the applicant makes it (binding, start, facts with education
and work rows, uploaded materials), for pages that should be measured on real content.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from stdnum.cn import uscc

from zhicheng.audit.hashing import canonical_json, hash_from_parts, utc_text
from zhicheng.audit.locking import lock_chain
from zhicheng.core.models import (
    City,
    Committee,
    Level,
    Plan,
    Role,
    RoleAssignment,
    Specialty,
    Unit,
    UnitType,
    User,
)
from zhicheng.declarations.models import (
    Channel,
    Declaration,
    DeclarationKind,
    Degree,
    Education,
    State,
)
from zhicheng.policy import idnumber

USERNAME_PREFIX = "bench"
UNIT_NAME_PREFIX = "基准测试单位"
BATCH = 5_000

# Share of each state among generated declarations (sums to 1).
STATE_WEIGHTS: dict[str, float] = {
    State.DRAFT: 0.18, State.SUBMITTED: 0.12, State.UNIT_REVIEW: 0.06,
    State.UNIT_NOTICE: 0.04, State.RECOMMENDED: 0.05, State.OFFICE_REVIEW: 0.06,
    State.ACCEPTED_BY_COMMITTEE: 0.05, State.UNDER_EVALUATION: 0.05, State.PASSED: 0.06,
    State.FAILED: 0.03, State.RESULT_NOTICE: 0.03, State.REPORTED: 0.03,
    State.APPROVED: 0.04, State.CERTIFIED: 0.08, State.RETURNED: 0.04,
    State.REJECTED: 0.03, State.WITHDRAWN: 0.03, State.REVOKED: 0.01, State.VOIDED: 0.01,
}
KIND_WEIGHTS = {DeclarationKind.REGULAR: 0.85, DeclarationKind.EXCEPTIONAL: 0.05,
                DeclarationKind.NO_TITLE: 0.05, DeclarationKind.SECOND_TITLE: 0.05}
UNIT_TYPES = [UnitType.PUBLIC_INSTITUTION, UnitType.PUBLIC_INSTITUTION, UnitType.STATE_OWNED,
              UnitType.NON_PUBLIC, UnitType.NON_PUBLIC, UnitType.NON_STAFF]
REGIONS = ["450102", "450103", "450105", "450107", "450202", "450203", "450302", "450303",
           "450403", "450502", "450602", "450702", "450802", "450902"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韦覃蒙农"
GIVEN = "明华建国丽芳志强海燕伟静秀英军平敏红霞玉兰桂林振宇"


@dataclass
class GenStats:
    declarations: int = 0
    users: int = 0
    units: int = 0
    audit_events: int = 0
    hr_unit_declarations: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    by_state: dict[str, int] = field(default_factory=dict)


@contextlib.contextmanager
def _own_timestamps(model, *names: str):
    """Let bulk_create keep the timestamps we give instead of auto_now(_add)'s now()."""
    fields = [model._meta.get_field(n) for n in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (now, now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = now, now_add


def _credit_code(n: int) -> str:
    body = f"91450100BM{n:07d}"
    return body + uscc.calc_check_digit(body)


def _person_id(n: int) -> str:
    """Unique valid 18-digit ID number for the n-th generated person."""
    born = dt.date(1962, 1, 1) + dt.timedelta(days=(n // 1000) % 12_000)
    region = REGIONS[(n // (1000 * 12_000)) % len(REGIONS)]
    return idnumber.compose(region, born, n % 1000)


def _weighted(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


def ensure_units(count: int) -> list[Unit]:
    """count generated units (created once, reused by later calls)."""
    have = list(Unit.objects.filter(name__startswith=UNIT_NAME_PREFIX).order_by("id"))
    if len(have) < count:
        cities = list(City.objects.order_by("code"))
        new = [Unit(name=f"{UNIT_NAME_PREFIX}{i:04d}", credit_code=_credit_code(i),
                    unit_type=UNIT_TYPES[i % len(UNIT_TYPES)], city=cities[i % len(cities)])
               for i in range(len(have) + 1, count + 1)]
        Unit.objects.bulk_create(new, batch_size=BATCH)
        have = list(Unit.objects.filter(name__startswith=UNIT_NAME_PREFIX).order_by("id"))
    return have[:count]


def _catalogue(plan_code: str):
    plan = Plan.objects.get(code=plan_code)
    committees = list(Committee.objects.select_related("series").order_by("id"))
    specialties: dict[int, list[int]] = {}
    for sp in Specialty.objects.order_by("id"):
        specialties.setdefault(sp.series_id, []).append(sp.pk)
    levels = [lv.value for lv in Level]
    options = []  # (committee, level) pairs the committee may evaluate
    for c in committees:
        lo, hi = Level.rank(c.min_level), Level.rank(c.max_level)
        options.extend((c, levels[r - 1]) for r in range(lo, hi + 1))
    return plan, options, specialties


def generate(n: int, *, hr_unit: Unit | None = None, hr_share: float = 0.02,
             units: int = 500, seed: int = 2017, plan_code: str = "gx-2017",
             audit: bool = True, education: bool = True) -> GenStats:
    """Add n declarations, each by a new applicant (one declaration per person and year,
    as §3.1.6 wants). hr_share of them go to hr_unit (when given), the rest spread evenly
    over `units` generated units. Continues numbering after earlier calls."""
    started = time.perf_counter()
    stats = GenStats()
    offset = User.objects.filter(username__startswith=USERNAME_PREFIX).count()
    rng = random.Random(seed * 1_000_003 + offset)
    plan, options, specialties = _catalogue(plan_code)
    pool = ensure_units(units)
    unit_type = {u.pk: u.unit_type for u in pool}
    if hr_unit is not None:
        unit_type[hr_unit.pk] = hr_unit.unit_type
    tz = timezone.get_current_timezone()
    season = dt.datetime(plan.year, 5, 1, 8, tzinfo=tz)
    unusable = "!" + "bench-no-login"  # an unusable password: these accounts never log in

    lap = time.perf_counter()

    cpu = time.process_time()

    def phase(name: str) -> None:
        nonlocal lap, cpu
        now, now_cpu = time.perf_counter(), time.process_time()
        stats.phases[name] = stats.phases.get(name, 0.0) + now - lap
        stats.phases[name + " (cpu)"] = now_cpu - cpu
        lap, cpu = now, now_cpu

    with transaction.atomic():
        numbers = range(offset + 1, offset + n + 1)
        users = [User(username=f"{USERNAME_PREFIX}{i:07d}",
                      real_name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
                      id_number=_person_id(i), password=unusable,
                      mobile=f"13{i % 10**9:09d}", date_joined=season)
                 for i in numbers]
        phase("build users")
        User.objects.bulk_create(users, batch_size=BATCH)
        stats.users = len(users)
        phase("insert users")
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role=Role.APPLICANT) for u in users], batch_size=BATCH)
        phase("assignments")

        states = _weighted(rng, STATE_WEIGHTS, n)
        kinds = _weighted(rng, KIND_WEIGHTS, n)
        decls = []
        for user, state, kind in zip(users, states, kinds, strict=True):
            committee, level = rng.choice(options)
            if hr_unit is not None and rng.random() < hr_share:
                unit_id = hr_unit.pk
                stats.hr_unit_declarations += 1
            else:
                unit_id = pool[rng.randrange(len(pool))].pk
            created = season + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 60))
            changed = created + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 90))
            submitted = state not in (State.DRAFT,)
            spec_ids = specialties.get(committee.series_id) or [None]
            current = "" if kind == DeclarationKind.NO_TITLE else \
                Level(level).value if kind == DeclarationKind.SECOND_TITLE else \
                [lv.value for lv in Level][max(Level.rank(level) - 2, 0)]
            decls.append(Declaration(
                applicant=user, plan=plan, committee=committee, series_id=committee.series_id,
                specialty_id=rng.choice(spec_ids), level=level, kind=kind,
                channel=Channel.UNIT, unit_id=unit_id, id_number=user.id_number,
                unit_type_at_submission=unit_type[unit_id] if submitted else "",
                current_level=current, current_title_name="工程师" if current else "",
                current_title_obtained_on=dt.date(2005 + rng.randrange(10), 7, 1)
                if current else None,
                relation_since=dt.date(1995 + rng.randrange(20), 7, 1),
                continuing_education_completed=rng.random() < 0.9,
                continuing_education_hours=rng.choice([None, 72, 90, 120]),
                social_insurance_months=[f"{plan.year - 1}-{m:02d}" for m in range(7, 13)]
                if unit_type[unit_id] == UnitType.NON_PUBLIC else [],
                decision={"policy": plan.policy_code, "eligible": True, "ready": True,
                          "findings": []} if submitted else None,
                state=state, created_at=created, updated_at=changed, state_changed_at=changed,
                submitted_at=changed if submitted else None))
        phase("build declarations")
        with _own_timestamps(Declaration, "created_at", "updated_at", "state_changed_at"):
            Declaration.objects.bulk_create(decls, batch_size=BATCH)
        phase("insert declarations")
        stats.declarations = len(decls)
        for s in states:
            stats.by_state[s] = stats.by_state.get(s, 0) + 1
        if education:
            Education.objects.bulk_create([
                Education(declaration=d, school="广西大学", major="土木工程",
                          degree=Degree.BACHELOR, graduated_on=dt.date(1990 + i % 20, 7, 1),
                          certificate_no=f"1059{d.pk:012d}")
                for i, d in enumerate(decls)], batch_size=BATCH)
            phase("education")
        if audit:
            stats.audit_events = _audit_events(decls)
            phase("audit events")
    phase("commit")
    stats.units = len(pool)
    stats.seconds = time.perf_counter() - started
    return stats


AUDIT_COLUMNS = ("seq", "created_at", "actor_id", "actor_username", "role", "scope", "action",
                 "object_type", "object_id", "before", "after", "request_id", "note",
                 "prev_hash", "hash")


def _audit_events(decls: list[Declaration]) -> int:
    """declaration.start (and .submit past the draft) for each declaration, appended to the
    chain under its lock in the caller's transaction. COPY on PostgreSQL, executemany on
    SQLite: the ORM's per-object work would dominate."""
    from zhicheng.audit.domain import chain_head

    lock_chain()
    seq, prev = chain_head()
    null = canonical_json(None)  # `before` is SQL NULL, hashed as JSON null (as record() does)
    # One time for the lot: after the head, before whatever is recorded next.
    now = timezone.now()
    at_text = utc_text(now)
    at_db = now if connection.vendor == "postgresql" else \
        connection.ops.adapt_datetimefield_value(now)
    rows = []
    for d in decls:
        events = [("declaration.start", canonical_json(
            {"level": d.level, "plan": d.plan_id, "committee": d.committee_id,
             "series": d.series_id, "unit": d.unit_id}))]
        if d.state != State.DRAFT:
            events.append(("declaration.submit", canonical_json({"state": "submitted"})))
        for action, after in events:
            seq += 1
            row = (seq, at_text, d.applicant_id, d.applicant.username, Role.APPLICANT.value,
                   f"user:{d.applicant_id}", action, "declarations.declaration", str(d.pk),
                   null, after, "", "", prev)
            prev = hash_from_parts(*row)
            rows.append((seq, at_db, *row[2:9], None, after, "", "", row[13], prev))
    table = "audit_auditevent"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(AUDIT_COLUMNS)}) "
                                    "FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(AUDIT_COLUMNS))
            sql = f"INSERT INTO {table} ({', '.join(AUDIT_COLUMNS)}) VALUES ({marks})"
            for i in range(0, len(rows), BATCH):
                cursor.executemany(sql, rows[i:i + BATCH])
    return len(rows)


def pdf_bytes(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def realistic_draft(person: User, *, unit: Unit, hr: User, committee: Committee,
                    level: str = Level.DEPUTY_SENIOR,
                    materials: tuple[str, ...] = ("id_card", "education_certificate",
                                                  "title_certificate")) -> Declaration:
    """A draft made the way the applicant makes it, through the domain functions: bind to
    the unit (confirmed by its HR user), start, save facts with education and work rows,
    upload a few materials. The person must hold the applicant role and an ID number."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhicheng.core.domain.bindings import decide_binding, request_binding
    from zhicheng.declarations.domain.drafting import save_facts, start_declaration
    from zhicheng.materials.domain import upload_material
    from zhicheng.materials.models import MaterialType

    binding = request_binding(user=person, unit=unit, purpose="employer")
    decide_binding(binding_id=binding.pk, actor=hr, confirm=True)
    specialty = Specialty.objects.filter(series_id=committee.series_id).order_by("id").first()
    decl = start_declaration(applicant=person, plan=Plan.objects.get(code="gx-2017"),
                             committee=committee, level=level, specialty=specialty)
    facts = {"current_level": Level.INTERMEDIATE, "current_title_name": "工程师",
             "current_title_certificate_no": "桂中职2009-0173",
             "current_title_obtained_on": dt.date(2009, 12, 1),
             "relation_since": dt.date(2004, 7, 1), "hukou_in_guangxi": True,
             "continuing_education_completed": True, "continuing_education_hours": 96}
    rows = {
        "education": [
            {"school": "广西大学", "major": "土木工程", "degree": Degree.BACHELOR,
             "graduated_on": dt.date(2004, 6, 30), "certificate_no": "105931200405000123",
             "foreign": False},
            {"school": "广西大学", "major": "结构工程", "degree": Degree.MASTER,
             "graduated_on": dt.date(2010, 6, 30), "certificate_no": "105931201005000456",
             "foreign": False},
        ],
        "work_history": [
            {"starts_on": dt.date(2004, 7, 1), "ends_on": None, "employer": unit.name,
             "position": "结构设计、工程师"},
        ],
        "achievements": [
            {"kind": "paper", "title": "大跨度钢结构设计中的若干问题", "achieved_on":
             dt.date(2014, 3, 1), "detail": "《广西土木建筑》第一作者"},
            {"kind": "project", "title": "南宁市五象新区综合管廊设计", "achieved_on":
             dt.date(2016, 9, 1), "detail": "项目负责人"},
        ],
    }
    decl = save_facts(decl.pk, person, facts, rows=rows)
    pdf = pdf_bytes(2)
    for code in materials:
        upload_material(declaration=decl, material_type=MaterialType.objects.get(code=code),
                        upload=SimpleUploadedFile(f"{code}.pdf", pdf, "application/pdf"),
                        actor=person)
    return decl
