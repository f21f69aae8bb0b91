"""Sample declarations for the demo: one in every state of the workflow table, each brought
there through the same domain functions the applicant and the officials use, one step at a
time on the dates of the 2017 timetable (附件1), so every timeline reads like a real year.

The steps of all samples run in date order, each with the one clock stopped at its own moment
(clock.fixed_at): the audit chain then records the year as it would have happened. Loading is
one transaction and idempotent: when the samples exist, nothing is done.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from zhicheng.approvals.domain.education import record_verification
from zhicheng.audit.domain import record
from zhicheng.core import clock
from zhicheng.core.domain.bindings import decide_binding, request_binding
from zhicheng.core.models import (
    BindingPurpose,
    Committee,
    Plan,
    Role,
    RoleAssignment,
    User,
)
from zhicheng.declarations.domain.drafting import save_facts, start_declaration
from zhicheng.declarations.domain.workflow import perform
from zhicheng.declarations.models import Declaration, State
from zhicheng.demo import evaluation, pool
from zhicheng.integrity.domain.cases import decide_false, open_case
from zhicheng.integrity.models import CaseItem
from zhicheng.materials.domain import upload_material
from zhicheng.materials.models import MaterialType
from zhicheng.notices.domain.posting import post_notice
from zhicheng.policy import idnumber
from zhicheng.review.domain.checks import Entry, record_checks
from zhicheng.review.domain.pledges import pledge_for, sign_pledge
from zhicheng.review.domain.recommendation import record_deliberation, record_interview
from zhicheng.review.models import CheckItem, CheckResult

D = datetime.date
S = State

COMMITTEE_CODE = "engineering-senior"
PLAN_CODE = "gx-2017"
# Who does what (demo accounts of data.ACCOUNTS): the unit 南宁市市政工程设计研究院 declares
# to the regional engineering senior committee; 南宁市职改办 reviews its units' declarations
# (§4.2); the engineering series office runs the committee and reports its results (§5.4.1).
UNIT_HR = "demo_unit"
CITY_OFFICE = "demo_city_office"
SERIES_OFFICE = "demo_series_office"
SECRETARIAT = "demo_secretariat"
REGION = "demo_region"


@dataclass(frozen=True)
class Sample:
    username: str
    name: str
    born: D
    order: int  # sequence digits of the ID number (odd: male)
    state: str
    school: str = "广西大学"
    major: str = "土木工程"


# One person per state, in the order of the table (declarations.models.State).
SAMPLES: list[Sample] = [
    Sample("demo_sample_1", "张伟", D(1979, 3, 12), 101, S.SUBMITTED),
    Sample("demo_sample_2", "刘洋", D(1982, 8, 2), 103, S.SUBMITTED),
    Sample("demo_sample_3", "陈丽", D(1985, 11, 20), 102, S.UNIT_REVIEW),
    Sample("demo_sample_4", "黄勇", D(1976, 6, 30), 105, S.RECOMMENDED),
    Sample("demo_sample_5", "周敏", D(1980, 1, 18), 104, S.ACCEPTED_BY_COMMITTEE),
    Sample("demo_sample_6", "吴海涛", D(1978, 9, 5), 107, S.DRAFT,
           "桂林理工大学", "道路桥梁与渡河工程"),
    Sample("demo_sample_7", "韦秀英", D(1983, 4, 22), 106, S.UNIT_NOTICE),
    Sample("demo_sample_8", "覃志刚", D(1977, 12, 9), 109, S.OFFICE_REVIEW,
           "广西大学", "电气工程及其自动化"),
    Sample("demo_sample_9", "蓝雪梅", D(1981, 2, 14), 108, S.UNDER_EVALUATION),
    Sample("demo_sample_10", "莫建国", D(1975, 7, 1), 111, S.PASSED),
    Sample("demo_sample_11", "梁晓燕", D(1984, 10, 30), 110, S.FAILED),
    Sample("demo_sample_12", "农振华", D(1979, 5, 19), 113, S.RESULT_NOTICE),
    Sample("demo_sample_13", "李桂芳", D(1980, 8, 8), 112, S.REPORTED),
    Sample("demo_sample_14", "谢文斌", D(1976, 3, 3), 115, S.APPROVED,
           "长沙理工大学", "交通土建工程"),
    Sample("demo_sample_15", "潘丽娟", D(1982, 6, 16), 114, S.CERTIFIED),
    Sample("demo_sample_16", "甘永强", D(1978, 1, 25), 117, S.RETURNED),
    Sample("demo_sample_17", "蒙春兰", D(1985, 9, 12), 116, S.REJECTED),
    Sample("demo_sample_18", "邓国平", D(1977, 4, 4), 119, S.WITHDRAWN),
    Sample("demo_sample_19", "庞宇", D(1981, 11, 11), 121, S.REVOKED),
    Sample("demo_sample_20", "卢海燕", D(1983, 12, 24), 118, S.VOIDED),
]

# The way to the committee and beyond (§4.1–§5.4, §7.2.1), step by step.
MAIN = ["register", "bind", "start", "upload", "submit", "start_unit_review", "check_items",
        "verify_education", "post_notice", "interview", "deliberate", "recommend",
        "start_office_review", "accept", "session", "start_evaluation", "review", "vote",
        "pass", "close_session", "post_result_notice", "report", "approve", "certify"]


def _upto(step: str, *more: str) -> list[str]:
    return MAIN[:MAIN.index(step) + 1] + list(more)


PATHS: dict[str, list[str]] = {
    S.DRAFT: _upto("upload"),
    S.SUBMITTED: _upto("submit"),
    S.WITHDRAWN: _upto("submit", "withdraw"),
    S.UNIT_REVIEW: _upto("start_unit_review"),
    S.RETURNED: _upto("start_unit_review", "unit_return"),
    S.REJECTED: _upto("check_items", "unit_reject"),
    S.UNIT_NOTICE: _upto("post_notice"),
    S.RECOMMENDED: _upto("recommend"),
    S.OFFICE_REVIEW: _upto("start_office_review"),
    S.VOIDED: _upto("start_office_review", "void"),
    S.ACCEPTED_BY_COMMITTEE: _upto("accept"),
    S.UNDER_EVALUATION: _upto("start_evaluation"),
    S.PASSED: _upto("pass"),
    S.FAILED: _upto("vote", "fail", "close_session"),
    S.RESULT_NOTICE: _upto("post_result_notice"),
    S.REPORTED: _upto("report"),
    S.APPROVED: _upto("approve"),
    S.CERTIFIED: _upto("certify"),
    S.REVOKED: _upto("report", "open_case", "decide_false"),
}

# The order of steps within a day (a branch step right after the step it leaves from).
ORDER = MAIN[:]
for _after, _branch in (("submit", "withdraw"), ("start_unit_review", "unit_return"),
                        ("check_items", "unit_reject"), ("start_office_review", "void"),
                        ("pass", "fail"), ("report", "open_case"),
                        ("open_case", "decide_false")):
    ORDER.insert(ORDER.index(_after) + 1, _branch)


def _spread(first: D) -> Callable[[int], D]:
    """Applicants do the first steps on different days (two a day)."""
    return lambda i: first + datetime.timedelta(days=i // 2)


# The day of each step (附件1: application 5月1日起, review 7月1日起, evaluation 9月1日起,
# approval 11月1日起). A callable gets the sample's index.
DAYS: dict[str, D | Callable[[int], D]] = {
    "register": _spread(D(2017, 5, 2)),
    "bind": _spread(D(2017, 5, 3)),
    "start": _spread(D(2017, 5, 4)),
    "upload": _spread(D(2017, 5, 5)),
    "submit": _spread(D(2017, 5, 8)),
    "withdraw": D(2017, 6, 5),
    "pledge": D(2017, 6, 30),  # before the review phase (§4.1.1)
    "start_unit_review": D(2017, 7, 3),
    "unit_return": D(2017, 7, 4),
    "check_items": D(2017, 7, 4),
    "unit_reject": D(2017, 7, 4),
    "verify_education": D(2017, 7, 4),
    "post_notice": D(2017, 7, 5),  # 5 working days: to 7月11日 (§4.1.3)
    "interview": D(2017, 7, 12),
    "deliberate": D(2017, 7, 13),
    "recommend": D(2017, 7, 14),
    "start_office_review": D(2017, 7, 17),
    "void": D(2017, 7, 19),
    "accept": D(2017, 7, 24),
    "session": D(2017, 8, 28),  # created and drawn with the witness (draw.md)
    "start_evaluation": D(2017, 9, 5),
    "review": D(2017, 9, 20),  # check-in, group review, deliberation (§5.3.2)
    "vote": D(2017, 9, 20),  # the secret ballot, decrypted and sealed
    "pass": D(2017, 9, 20),
    "fail": D(2017, 9, 20),
    "close_session": D(2017, 9, 21),  # the session ends with its record
    "post_result_notice": D(2017, 9, 25),
    "report": D(2017, 10, 10),
    "open_case": D(2017, 10, 16),
    "decide_false": D(2017, 11, 2),
    "approve": D(2017, 11, 15),
    "certify": D(2017, 12, 1),
}
FIRST_TIME = datetime.time(9, 0)
STEP_MINUTES = 7

REQUIRED_MATERIALS = {
    "id_card": "居民身份证（正反面）",
    "education_certificate": "学历（学位）证书",
    "title_certificate": "工程师资格证书",
    "continuing_education_certificate": "2017年度继续教育合格证明",
    "pledge": "诚信承诺书",
}


@dataclass
class _Run:
    """What the steps share while the year is written."""

    plan: Plan
    committee: Committee
    officials: dict[str, User]
    password: str
    samples: dict[str, Sample] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    declarations: dict[str, int] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)
    scans: dict[str, bytes] = field(default_factory=dict)
    evaluation: "evaluation.Evaluation | None" = None

    def decl(self, username: str) -> Declaration:
        return Declaration.objects.get(pk=self.declarations[username])

    def assignment(self, username: str) -> RoleAssignment:
        return RoleAssignment.objects.filter(user=self.officials[username]).first()


# ---- the scans ---------------------------------------------------------------------------


def _font(size: int):
    from PIL import ImageFont

    for path in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                 "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"):
        try:
            return ImageFont.truetype(path, size), True
        except OSError:
            continue
    return ImageFont.load_default(size), False


def scan_pdf(title: str, name: str) -> bytes:
    """A one-page 'scan' (an image-only PDF, as a scanner makes) naming what it shows."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (595, 842), 246)
    draw = ImageDraw.Draw(page)
    big, cjk = _font(34)
    small, _ = _font(20)
    draw.rectangle((40, 40, 555, 802), outline=120, width=3)
    if cjk:
        draw.text((70, 90), title, font=big, fill=30)
        draw.text((70, 160), f"持证人：{name}", font=small, fill=60)
        draw.text((70, 200), "演示材料 · 非真实证件", font=small, fill=110)
    else:  # no CJK font on this machine: still a readable page
        draw.text((70, 90), "DEMO SCAN", font=big, fill=30)
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=72)
    return out.getvalue()


# ---- the steps -----------------------------------------------------------------------------


def _register(run: _Run, s: Sample) -> None:
    number = idnumber.compose("450103", s.born, s.order)
    user = User.objects.create(username=s.username, real_name=s.name, id_number=number,
                               password=run.password)
    RoleAssignment.objects.create(user=user, role=Role.APPLICANT)
    # The same event as online registration (core.domain.registration), by the person.
    record(actor=user, action="account.register", obj=user, role=Role.APPLICANT,
           scope=f"user:{user.pk}", after={"username": user.username, "real_name": s.name},
           note="演示数据")
    run.users[s.username] = user
    request_binding(user=user, unit=run.assignment(UNIT_HR).unit,
                    purpose=BindingPurpose.EMPLOYER)


def _bind(run: _Run, s: Sample) -> None:
    binding = run.users[s.username].bindings.get(status="pending")
    decide_binding(binding_id=binding.pk, actor=run.officials[UNIT_HR], confirm=True)


def _start(run: _Run, s: Sample) -> None:
    user = run.users[s.username]
    decl = start_declaration(applicant=user, plan=run.plan, committee=run.committee,
                             level="deputy_senior")
    graduated = D(s.born.year + 22, 7, 1)
    save_facts(decl.pk, user, {
        "current_level": "intermediate", "current_title_name": "工程师",
        "current_title_obtained_on": D(graduated.year + 6, 12, 1),
        "relation_since": D(graduated.year, 7, 15), "hukou_in_guangxi": True,
        "continuing_education_completed": True, "continuing_education_hours": 90,
    }, rows={
        "education": [{"school": s.school, "major": s.major, "degree": "bachelor",
                       "graduated_on": graduated,
                       "certificate_no": f"10593{graduated.year}05{s.order:06d}"}],
        "work_history": [{"starts_on": D(graduated.year, 7, 15), "ends_on": None,
                          "employer": "南宁市市政工程设计研究院",
                          "position": "工程设计、项目负责人"}],
        "achievements": [{"kind": "project", "title": f"南宁市{s.name[0]}家路改造工程设计",
                          "achieved_on": D(2015, 6, 30), "detail": "项目负责人，排名第1"}],
    })
    run.declarations[s.username] = decl.pk


def _upload(run: _Run, s: Sample) -> None:
    decl = run.decl(s.username)
    for code, title in REQUIRED_MATERIALS.items():
        upload_material(declaration=decl, material_type=MaterialType.objects.get(code=code),
                        upload=SimpleUploadedFile(f"{title}.pdf", scan_pdf(title, s.name),
                                                  "application/pdf"),
                        actor=run.users[s.username])


def _submit(run: _Run, s: Sample) -> None:
    perform("submit", run.declarations[s.username], actor=run.users[s.username])


def _withdraw(run: _Run, s: Sample) -> None:
    perform("withdraw", run.declarations[s.username], actor=run.users[s.username])


def _transition(name: str, official: str, reason: str = "") -> Callable[[_Run, Sample], None]:
    def step(run: _Run, s: Sample) -> None:
        perform(name, run.declarations[s.username], actor=run.officials[official],
                reason=reason)
    return step


def _pledge(run: _Run) -> None:
    if pledge_for(run.assignment(UNIT_HR).unit_id, run.plan.pk) is None:
        sign_pledge(actor=run.officials[UNIT_HR], plan=run.plan, reviewer_name="王芳",
                    reviewer_post="人事科科长", accepted=True)


def _check_items(run: _Run, s: Sample) -> None:
    entries = [Entry(item, CheckResult.VERIFIED) for item in CheckItem
               if item != CheckItem.ACHIEVEMENTS]
    if s.state == S.REJECTED:
        entries.append(Entry(CheckItem.ACHIEVEMENTS, CheckResult.FALSE,
                             "所列道路改造工程设计项目，经查询本院项目档案，申报人非项目负责人。"))
    else:
        entries.append(Entry(CheckItem.ACHIEVEMENTS, CheckResult.VERIFIED))
    record_checks(run.declarations[s.username], actor=run.officials[UNIT_HR], entries=entries)


def _verify_education(run: _Run, s: Sample) -> None:
    decl = run.decl(s.username)
    for education in decl.education.all():  # §4.3.1: the unit's archive department confirms
        record_verification(education_id=education.pk, actor=run.officials[UNIT_HR],
                            result="genuine", verified_on=clock.today(),
                            confirmed_by_name="王芳（人事档案室）", archive_seal=True)


def _post_notice(run: _Run, samples: list[Sample]) -> None:
    post_notice(actor=run.officials[UNIT_HR], assignment=run.assignment(UNIT_HR),
                declaration_ids=[run.declarations[s.username] for s in samples],
                working_days=5, notes="公示期间如有异议，请向本院人事科反映（电话 0771-5551234）。")


def _interview(run: _Run, s: Sample) -> None:
    record_interview(run.declarations[s.username], actor=run.officials[UNIT_HR],
                     held_on=clock.today(), panel="陈建华（正高级工程师）、刘志远（高级工程师）、"
                                                  "黄海（高级工程师）",
                     result="passed", minutes="申报人陈述近五年主要业绩，回答答辩小组提问3个。")


def _deliberate(run: _Run, s: Sample) -> None:
    record_deliberation(run.declarations[s.username], actor=run.officials[UNIT_HR],
                        held_on=clock.today(), participants="院长办公会全体成员（7人）",
                        opinion="同意推荐", recommendation="该同志业务能力强，业绩突出，同意推荐。")


def _open_case(run: _Run, s: Sample) -> None:
    case = open_case(declaration_id=run.declarations[s.username],
                     actor=run.officials[SERIES_OFFICE], item=CaseItem.ACHIEVEMENTS,
                     allegation="群众举报：业绩成果中所列获奖证书系伪造，请提供原件及颁奖单位证明。",
                     working_days=10)
    run.cases[s.username] = case.pk


def _decide_false(run: _Run, s: Sample) -> None:
    decide_false(case_id=run.cases[s.username], actor=run.officials[SERIES_OFFICE],
                 grounds="举证期限内未提供证明，经颁奖单位书面确认无该获奖记录。",
                 penalty="取消本次评审结果，三年内不得申报评审。",
                 period_to=D(2020, 11, 1))


def _by_session(run: _Run, samples: list[Sample]) -> dict[str, list[Sample]]:
    out: dict[str, list[Sample]] = {}
    for s in samples:
        out.setdefault(evaluation.plan_for(s.state).code, []).append(s)
    return out


def _failing(run: _Run, samples: list[Sample]) -> set[int]:
    return {run.declarations[s.username] for s in samples if s.state == S.FAILED}


def _make_sessions(run: _Run, samples: list[Sample]) -> None:
    run.evaluation.make_sessions({code: [run.decl(s.username) for s in group]
                                  for code, group in _by_session(run, samples).items()})


def _start_sessions(run: _Run, samples: list[Sample]) -> None:
    for code in _by_session(run, samples):
        run.evaluation.start(code)


def _review(run: _Run, samples: list[Sample]) -> None:
    for code, group in _by_session(run, samples).items():
        run.evaluation.review(code, _failing(run, group))


def _vote(run: _Run, samples: list[Sample]) -> None:
    for code, group in _by_session(run, samples).items():
        run.evaluation.vote(code, _failing(run, group))


def _close_sessions(run: _Run, samples: list[Sample]) -> None:
    for code in _by_session(run, samples):
        run.evaluation.close(code)


def _sealed(run: _Run, s: Sample) -> None:
    """The seal of the vote took the transition; the sample's history only checks it."""
    state = run.decl(s.username).state
    if state != s.state and state not in (S.PASSED, S.FAILED):
        raise AssertionError(f"{s.username}: {state}")


STEPS: dict[str, Callable[[_Run, Sample], None]] = {
    "register": _register,
    "bind": _bind,
    "start": _start,
    "upload": _upload,
    "submit": _submit,
    "withdraw": _withdraw,
    "start_unit_review": _transition("start_unit_review", UNIT_HR),
    "unit_return": _transition("unit_return", UNIT_HR,
                               "继续教育合格证明为2016年度的，请上传2017年度证明后重新提交。"),
    "check_items": _check_items,
    "unit_reject": _transition("unit_reject", UNIT_HR,
                               "业绩成果经核查不属实（见逐项审核意见），本单位不予推荐。"),
    "verify_education": _verify_education,
    "interview": _interview,
    "deliberate": _deliberate,
    "recommend": _transition("recommend", UNIT_HR),
    "start_office_review": _transition("start_office_review", CITY_OFFICE),
    "void": _transition("void", CITY_OFFICE,
                        "经查，申报人同一年度另在区外评委会申报高级工程师资格（§3.1.6）。"),
    "accept": _transition("accept_for_committee", CITY_OFFICE),
    # 评审通过 / 评审未通过 are the sealed ballot's (the vote step), never a click.
    "pass": _sealed,
    "fail": _sealed,
    "post_result_notice": _transition("post_result_notice", SERIES_OFFICE),
    "report": _transition("report", SERIES_OFFICE),
    "open_case": _open_case,
    "decide_false": _decide_false,
    "approve": _transition("approve", REGION),
    "certify": _transition("certify", REGION),
}
# Steps taken once for several declarations.
GROUP_STEPS: dict[str, Callable[[_Run, list[Sample]], None]] = {
    "post_notice": _post_notice, "session": _make_sessions, "start_evaluation": _start_sessions,
    "review": _review, "vote": _vote, "close_session": _close_sessions}


# Steps taken once in the year, whoever the samples are.
ONCE: dict[str, Callable[[_Run], None]] = {
    "pledge": _pledge, "pool": lambda run: pool.enter_experts(),
    "pool_changes": lambda run: pool.change_statuses(),
    "bind_demo_applicant": lambda run: _bind_demo_applicant(run.officials[UNIT_HR])}


def _day(step: str, index: int) -> D:
    day = DAYS[step]
    return day(index) if callable(day) else day


def schedule(samples: list[Sample] = SAMPLES) -> list[tuple[datetime.datetime, str, list[Sample]]]:
    """Every step of every sample as (moment, step, samples), in the order they happen."""
    slots: dict[tuple[D, int, str], list[Sample]] = {}
    for i, s in enumerate(samples):
        for step in PATHS[s.state]:
            key = (_day(step, i), ORDER.index(step), step)
            slots.setdefault(key, []).append(s)
    if any(step == "start_unit_review" for _, _, step in slots):
        slots[(DAYS["pledge"], -1, "pledge")] = []  # §4.1.1: signed before any review
    slots[(DAYS["register"](0), -1, "bind_demo_applicant")] = []  # demo_applicant can declare
    if any(step == "session" for _, _, step in slots):  # the pool the sessions draw from
        slots[(pool.ENTERED.date(), -1, "pool")] = []
        slots[(pool.CHANGED.date(), -1, "pool_changes")] = []
    tz = timezone.get_default_timezone()
    out, minutes = [], {}
    for (day, _, step), members in sorted(slots.items(), key=lambda kv: kv[0][:2]):
        groups = ([members] if step in GROUP_STEPS or step in ONCE else
                  [[s] for s in members])
        for group in groups:
            n = minutes.get(day, 0)
            minutes[day] = n + 1
            moment = datetime.datetime.combine(day, FIRST_TIME, tzinfo=tz) + datetime.timedelta(
                minutes=STEP_MINUTES * n)
            out.append((moment, step, group))
    return out


def _officials() -> dict[str, User] | None:
    names = [UNIT_HR, CITY_OFFICE, SERIES_OFFICE, SECRETARIAT, REGION]
    found = {u.username: u for u in User.objects.filter(username__in=names)}
    return found if len(found) == len(names) else None


@transaction.atomic
def load_sample_declarations() -> int:
    """Write the sample year when it is missing; returns how many declarations were made."""
    plan = Plan.objects.filter(code=PLAN_CODE).first()
    committee = Committee.objects.filter(code=COMMITTEE_CODE).first()
    officials = _officials()
    if plan is None or committee is None or officials is None:
        return 0
    if User.objects.filter(username__in=[s.username for s in SAMPLES]).exists():
        return 0
    run = _Run(plan=plan, committee=committee, officials=officials,
               password=make_password(None))  # sample people cannot log in
    run.evaluation = evaluation.Evaluation(committee)
    for moment, step, group in schedule():
        with clock.fixed_at(moment):
            if step in ONCE:
                ONCE[step](run)
            elif step in GROUP_STEPS:
                GROUP_STEPS[step](run, group)
            else:
                STEPS[step](run, group[0])
    return len(run.declarations)


def _bind_demo_applicant(hr: User) -> None:
    """The demo applicant can start declaring at once: bound to the demo unit, confirmed."""
    applicant = User.objects.filter(username="demo_applicant").first()
    if applicant is None or applicant.bindings.exists():
        return
    unit = RoleAssignment.objects.filter(user=hr).first().unit
    binding = request_binding(user=applicant, unit=unit, purpose=BindingPurpose.EMPLOYER)
    decide_binding(binding_id=binding.pk, actor=hr, confirm=True)


__all__ = ["SAMPLES", "load_sample_declarations", "schedule"]
