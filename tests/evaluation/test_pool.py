"""评委库 (§5.2): the secretariat enters experts with an account bound to its committee only,
and suspends, restores and removes them with a reason; every step audited."""

import datetime

import pytest
from factories import CommitteeFactory, credit_code, official

from zhicheng.audit.domain import events_for
from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role, RoleAssignment, Specialty, User
from zhicheng.evaluation.domain.pool import add_expert, change_status
from zhicheng.evaluation.models import Expert, ExpertStatusChange

pytestmark = pytest.mark.django_db

D = datetime.date
PASSWORD = "Gx-Expert-2017"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ZHICHENG_TODAY = "2017-08-01"


@pytest.fixture
def committee():
    c = CommitteeFactory()
    Specialty.objects.create(series=c.series, code="building", name="建筑工程")
    return c


@pytest.fixture
def secretariat(committee):
    return official(Role.SECRETARIAT, committee=committee)


def add(committee, secretariat, **over):
    facts = dict(actor=secretariat, committee_id=committee.pk, username="chen_jh",
                 real_name="陈建华", password=PASSWORD, title_name="正高级工程师",
                 level="senior", specialty=Specialty.objects.get(series=committee.series),
                 employer_name="广西建工集团", employer_code=credit_code(),
                 term_starts=D(2017, 1, 1), term_ends=D(2019, 12, 31))
    return add_expert(**{**facts, **over})


def test_entering_an_expert_opens_a_committee_bound_account(committee, secretariat):
    expert = add(committee, secretariat)
    assert (expert.code, expert.status, expert.user.real_name, expert.level) == (
        "E000001", "in_pool", "陈建华", "senior")
    [assignment] = RoleAssignment.objects.filter(user=expert.user)
    assert (assignment.role, assignment.committee_id, assignment.unit_id,
            assignment.office_id) == (Role.EXPERT, committee.pk, None, None)
    assert expert.user.check_password(PASSWORD)
    assert add(committee, secretariat, username="liu_zy", real_name="刘志远").code == "E000002"
    actions = [e.action for e in AuditEvent.objects.order_by("seq")]
    assert actions.count("evaluation.expert.add") == 2
    assert actions.count("account.create") == 2
    [entry] = ExpertStatusChange.objects.filter(expert=expert)
    assert (entry.from_status, entry.to_status, entry.reason) == ("", "in_pool",
                                                                  "经评委会组建单位遴选入库")


@pytest.mark.parametrize(("over", "code", "message"), [
    ({"level": "intermediate"}, "level_too_low",
     "评审专家须具有本专业或相近专业的高级职称（副高级或正高级）（人社部令第40号）。"),
    ({"term_ends": D(2020, 1, 2)}, "term_too_long",
     "评审专家每届聘期不超过3年（人社部令第40号）：自2017年1月1日起，最晚至2020年1月1日。"),
    ({"term_ends": D(2016, 12, 31)}, "term_order", "聘期结束日期不能早于开始日期。"),
    ({"employer_code": "91450100MA5KXXXX1X"}, "employer_code",
     "工作单位统一社会信用代码不正确（18位，校验位须正确），回避检查按此代码比对同单位（§5.3）。"),
    ({"username": "demo_region_x", "password": "123"}, "password", None),
])
def test_bad_facts_are_refused_and_nothing_is_kept(committee, secretariat, over, code,
                                                     message):
    before = AuditEvent.objects.count()
    with pytest.raises(Refused) as exc:
        add(committee, secretariat, **over)
    assert exc.value.code == code
    if message:
        assert exc.value.message == message
    assert not Expert.objects.exists() and not User.objects.filter(
        assignments__role=Role.EXPERT).exists()
    assert AuditEvent.objects.count() == before


def test_only_the_committee_s_own_secretariat_keeps_its_pool(committee, secretariat):
    other = official(Role.SECRETARIAT, committee=CommitteeFactory())
    with pytest.raises(NotFound):
        add(committee, other)
    with pytest.raises(NotFound):
        add(committee, official(Role.OFFICE, office=committee.office))
    expert = add(committee, secretariat)
    with pytest.raises(NotFound):
        change_status(actor=other, expert_id=expert.pk, to_status="suspended", reason="x")


def test_suspend_restore_remove_and_re_enter_each_with_a_reason(committee, secretariat):
    expert = add(committee, secretariat)
    with pytest.raises(Refused) as exc:
        change_status(actor=secretariat, expert_id=expert.pk, to_status="suspended", reason=" ")
    assert exc.value.message == "暂停须写明原因（入库、出库情况均留档备查）。"
    change_status(actor=secretariat, expert_id=expert.pk, to_status="suspended",
                  reason="本人申请，出国访学半年")
    change_status(actor=secretariat, expert_id=expert.pk, to_status="in_pool", reason="访学结束")
    expert = change_status(actor=secretariat, expert_id=expert.pk, to_status="out",
                           reason="受到党纪处分")
    assert expert.status == "out" and not User.objects.get(pk=expert.user_id).is_active
    with pytest.raises(Refused) as exc:
        change_status(actor=secretariat, expert_id=expert.pk, to_status="suspended",
                      reason="x")
    assert exc.value.message == "「陈建华」当前状态为「已出库」，不能改为「暂停」。"
    expert = change_status(actor=secretariat, expert_id=expert.pk, to_status="in_pool",
                           reason="处分期满，重新遴选")
    assert User.objects.get(pk=expert.user_id).is_active
    assert list(ExpertStatusChange.objects.filter(expert=expert).values_list(
        "from_status", "to_status", "reason")) == [
        ("", "in_pool", "经评委会组建单位遴选入库"),
        ("in_pool", "suspended", "本人申请，出国访学半年"),
        ("suspended", "in_pool", "访学结束"),
        ("in_pool", "out", "受到党纪处分"),
        ("out", "in_pool", "处分期满，重新遴选"),
    ]
    assert [e.note for e in events_for(expert) if e.action == "evaluation.expert.update"] == [
        "本人申请，出国访学半年", "访学结束", "受到党纪处分", "处分期满，重新遴选"]


def test_an_expired_term_is_not_re_entered(committee, secretariat, settings):
    expert = add(committee, secretariat, term_starts=D(2015, 1, 1), term_ends=D(2017, 6, 30))
    change_status(actor=secretariat, expert_id=expert.pk, to_status="suspended", reason="聘期届满")
    with pytest.raises(Refused) as exc:
        change_status(actor=secretariat, expert_id=expert.pk, to_status="in_pool", reason="续聘")
    assert exc.value.message == "该专家聘期已于2017年6月30日届满，请重新聘任后再入库。"


def test_the_pool_page(client, committee, secretariat):
    add(committee, secretariat)
    client.force_login(secretariat)
    page = client.get("/evaluation/pool/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "E000001" in html and "陈建华" in html and "正高级工程师（正高级）" in html
    response = client.post("/evaluation/pool/", {
        "real_name": "刘志远", "username": "liu_zy", "password": PASSWORD, "mobile": "",
        "title_name": "高级工程师", "level": "deputy_senior",
        "specialty": Specialty.objects.get().pk, "employer_name": "南宁市市政工程设计研究院",
        "employer_code": credit_code(), "city": "", "term_starts": "2017-01-01",
        "term_ends": "2021-01-01", "reason": "遴选入库"})
    assert response.status_code == 422
    assert "评审专家每届聘期不超过3年" in response.content.decode()
    assert 'value="刘志远"' in response.content.decode()  # what was typed is kept
    expert = Expert.objects.get(code="E000001")
    response = client.post(f"/evaluation/pool/{expert.pk}/status/",
                           {"to_status": "suspended", "reason": "借调外省"}, follow=True)
    assert "陈建华（E000001）已改为「暂停」。" in response.content.decode()
    client.force_login(official(Role.EXPERT, committee=committee))
    assert client.get("/evaluation/pool/").status_code == 404
    assert client.post(f"/evaluation/pool/{expert.pk}/status/",
                       {"to_status": "in_pool", "reason": "x"}).status_code == 404


def test_the_pool_page_shows_each_experts_participation_and_record(
        client, committee, secretariat):
    import datetime

    from factories import DeclarationFactory, session_with

    expert = add(committee, secretariat)
    decl = DeclarationFactory(committee=committee, series=committee.series)
    sat = session_with([decl], experts=[expert], code="eng-2017-1",
                       held_on=datetime.date(2017, 9, 20))
    seat = sat.seats.get()
    seat.checked_in_at, seat.role = datetime.datetime(2017, 9, 20, 1, tzinfo=datetime.UTC), "chair"
    seat.save()
    client.force_login(secretariat)
    html = client.get("/evaluation/pool/").content.decode()
    assert "2017-09-20 eng-2017-1：出席 · 主任委员（会议主持）" in html
    assert "遴选入库" in html  # the 入库 record with its reason
    one = _count(client)
    for n in range(3):  # flat: more experts and seats, no more queries
        other = add(committee, secretariat, username=f"exp_{n}", real_name=f"专家{n}")
        session_with([decl], experts=[other], code=f"eng-2017-x{n}")
    assert _count(client) == one


def _count(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get("/evaluation/pool/")
    return len(ctx.captured_queries)
