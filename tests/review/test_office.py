"""§4.2: the office's queue (scope, filters, paging), its decisions and bulk returns; two
reviewers at once — one wins, the other is told clearly."""

import threading

import pytest
from django.db import connection
from factories import CityFactory, OfficeFactory, SeriesFactory, UnitFactory, official

from zhicheng.audit.domain import events_for
from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import Level, OfficeKind, Role
from zhicheng.declarations.domain.workflow import perform
from zhicheng.declarations.models import State
from zhicheng.materials.domain import can_change_materials
from zhicheng.review.domain.office import QueueFilter, bulk_perform, office_assignment, office_queue

pytestmark = pytest.mark.django_db

STALE = "该申报的状态已变为「已退回修改」，可能已由他人处理，请刷新页面后再操作。"


@pytest.fixture
def office():
    city = CityFactory()
    user = official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.CITY, city=city))
    return user, office_assignment(user)


def test_queue_holds_recommended_and_under_review_in_scope_only(h, office):
    _, assignment = office
    ours = [h.make(s) for s in (State.RECOMMENDED, State.OFFICE_REVIEW)]
    h.make(State.UNIT_NOTICE)
    h.make(State.ACCEPTED_BY_COMMITTEE)
    h.make(State.RECOMMENDED, unit=UnitFactory(city=CityFactory(code="450200", name="柳州市")))
    assert sorted(office_queue(assignment).values_list("pk", flat=True)) == sorted(
        d.pk for d in ours)


def test_series_office_sees_its_series(h):
    decl = h.make(State.RECOMMENDED)
    h.make(State.RECOMMENDED, committee__series=SeriesFactory(code="health", name="卫生"))
    user = official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.SERIES, city=None,
                                                      series=decl.series, name="工程职改办"))
    assert list(office_queue(office_assignment(user)).values_list("pk", flat=True)) == [decl.pk]


def test_filters(h, office):
    _, assignment = office
    unit = UnitFactory()
    a = h.make(State.RECOMMENDED, unit=unit, level=Level.SENIOR)
    b = h.make(State.OFFICE_REVIEW, unit=unit)
    c = h.make(State.RECOMMENDED, committee__series=SeriesFactory(code="health", name="卫生"))

    def ids(**kw):
        return sorted(office_queue(assignment, QueueFilter(**kw)).values_list("pk", flat=True))

    assert ids(unit=unit.pk) == sorted([a.pk, b.pk])
    assert ids(series=c.series_id) == [c.pk]
    assert ids(level=Level.SENIOR) == [a.pk]
    assert ids(state=State.OFFICE_REVIEW) == [b.pk]
    assert ids(state=State.DRAFT) == sorted([a.pk, b.pk, c.pk])  # not a queue state: ignored
    assert ids(unit=unit.pk, level=Level.DEPUTY_SENIOR) == [b.pk]


def test_office_decisions(h, office):
    user, _ = office
    d1, d2, d3 = (h.make(State.RECOMMENDED) for _ in range(3))
    for d in (d1, d2, d3):
        assert perform("start_office_review", d.pk, actor=user).state == State.OFFICE_REVIEW
    assert perform("office_return", d1.pk, actor=user, reason="缺继续教育证明").state == (
        State.RETURNED)
    assert perform("office_reject", d2.pk, actor=user, reason="不符合申报条件").state == (
        State.REJECTED)
    accepted = perform("accept_for_committee", d3.pk, actor=user)
    assert accepted.state == State.ACCEPTED_BY_COMMITTEE
    # §3.2.1: materials lock by state at hand-over.
    assert can_change_materials(accepted) == (
        False, "申报材料已报送评委会，按桂职办〔2017〕26号 §3.2.1 不允许补充或更换材料。")
    assert [e.note for e in events_for(d1)][-1] == "缺继续教育证明"


def test_return_needs_a_reason(h, office):
    user, _ = office
    decl = h.make(State.OFFICE_REVIEW)
    with pytest.raises(Refused) as exc:
        perform("office_return", decl.pk, actor=user, reason="  ")
    assert exc.value.message == "办理「职改办退回修改」须填写理由。"
    decl.refresh_from_db()
    assert decl.state == State.OFFICE_REVIEW


def test_bulk_return_partial_success_reports_each_refusal(h, office):
    user, _ = office
    fine = [h.make(State.OFFICE_REVIEW) for _ in range(3)]
    moved = h.make(State.OFFICE_REVIEW)
    waiting = h.make(State.RECOMMENDED)
    foreign = h.make(State.OFFICE_REVIEW,
                     unit=UnitFactory(city=CityFactory(code="450200", name="柳州市")))
    perform("office_return", moved.pk, actor=user, reason="他人已退回")
    before = AuditEvent.objects.count()

    items = [(d.pk, State.OFFICE_REVIEW) for d in [*fine, moved, foreign]]
    items.append((waiting.pk, State.RECOMMENDED))
    outcome = bulk_perform(actor=user, action="office_return", items=items,
                           reason="学历证书复印件不清晰，请重新上传。")

    assert outcome.done == [d.pk for d in fine]
    assert outcome.refused == [
        (moved.pk, STALE),
        (foreign.pk, "未找到该记录，或您无权查看。"),
        (waiting.pk, "申报当前状态为「单位已推荐」，不能办理「职改办退回修改」"
                     "（桂职办〔2017〕26号 §4.2）。"),
    ]
    assert AuditEvent.objects.count() == before + 3
    for d in fine:
        d.refresh_from_db()
        assert d.state == State.RETURNED
        assert events_for(d).last().note == "学历证书复印件不清晰，请重新上传。"
    foreign.refresh_from_db()
    waiting.refresh_from_db()
    assert (foreign.state, waiting.state) == (State.OFFICE_REVIEW, State.RECOMMENDED)


def test_bulk_start_and_accept(h, office):
    user, _ = office
    ds = [h.make(State.RECOMMENDED) for _ in range(2)]
    out = bulk_perform(actor=user, action="start_office_review",
                       items=[(d.pk, State.RECOMMENDED) for d in ds])
    assert out.done == [d.pk for d in ds] and out.refused == []
    out = bulk_perform(actor=user, action="accept_for_committee",
                       items=[(d.pk, State.OFFICE_REVIEW) for d in ds] * 2)  # duplicates once
    assert out.done == [d.pk for d in ds] and out.label == "受理并移交评委会"


@pytest.mark.parametrize(("action", "items", "reason", "code", "message"), [
    ("office_return", [(1, "office_review")], " ", "reason_required",
     "批量办理「职改办退回修改」须填写统一的理由（桂职办〔2017〕26号 §4.2）。"),
    ("office_reject", [(1, "office_review")], "x", "not_bulk",
     "「office_reject」不能批量办理；审核不通过须逐件决定（§4.2）。"),
    ("office_return", [], "x", "nothing_selected", "请先勾选要办理的申报。"),
    ("office_return", [(i, "") for i in range(101)], "x", "too_many",
     "一次最多批量办理100件申报。"),
])
def test_bad_bulk_requests_do_nothing(h, office, action, items, reason, code, message):
    user, _ = office
    decl = h.make(State.OFFICE_REVIEW)
    items = [(decl.pk, s) for _, s in items[:1]] + items[1:]
    before = AuditEvent.objects.count()
    with pytest.raises(Refused) as exc:
        bulk_perform(actor=user, action=action, items=items, reason=reason)
    assert (exc.value.code, exc.value.message) == (code, message)
    decl.refresh_from_db()
    assert decl.state == State.OFFICE_REVIEW
    assert AuditEvent.objects.count() == before


def test_two_reviewers_stale_expected_state(h, office):
    """Both opened the page while it was under review; the second one is told, nothing lost."""
    first, _ = office
    second = official(Role.OFFICE, office=office_assignment(first).office)
    decl = h.make(State.OFFICE_REVIEW)
    perform("office_return", decl.pk, actor=first, reason="请补充业绩证明",
            expected_state=State.OFFICE_REVIEW)
    before = AuditEvent.objects.count()
    with pytest.raises(Refused) as exc:
        perform("accept_for_committee", decl.pk, actor=second,
                expected_state=State.OFFICE_REVIEW)
    assert (exc.value.code, exc.value.message) == ("stale", STALE)
    decl.refresh_from_db()
    assert decl.state == State.RETURNED
    assert AuditEvent.objects.count() == before
    assert events_for(decl).last().note == "请补充业绩证明"


def test_two_unit_reviewers_stale(h):
    decl = h.make(State.UNIT_REVIEW)
    a, b = h.hr(decl), h.hr(decl)
    h.pledge(a, decl.plan)
    h.check_all(decl, a)
    perform("unit_return", decl.pk, actor=a, reason="请补充论文检索证明",
            expected_state=State.UNIT_REVIEW)
    with pytest.raises(Refused) as exc:
        perform("unit_reject", decl.pk, actor=b, reason="不符合条件",
                expected_state=State.UNIT_REVIEW)
    assert (exc.value.code, exc.value.message) == ("stale", STALE)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="row locks serialise the two threads on PostgreSQL only")
def test_two_reviewers_at_once_on_postgresql(h, office):
    first, assignment = office
    second = official(Role.OFFICE, office=assignment.office)
    decl = h.make(State.OFFICE_REVIEW)
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def act(name, user, reason):
        from django.db import connection as conn
        try:
            barrier.wait()
            perform(name, decl.pk, actor=user, reason=reason, expected_state="office_review")
            results[name] = "ok"
        except Refused as exc:
            results[name] = exc.code
        finally:
            conn.close()

    threads = [threading.Thread(target=act, args=("office_return", first, "请补充")),
               threading.Thread(target=act, args=("accept_for_committee", second, ""))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results.values()) == ["ok", "stale"]
    decl.refresh_from_db()
    winner = next(n for n, r in results.items() if r == "ok")
    assert decl.state == {"office_return": State.RETURNED,
                          "accept_for_committee": State.ACCEPTED_BY_COMMITTEE}[winner]
    assert [e.action for e in events_for(decl)] == [f"declaration.{winner}"]


def test_queue_count_is_capped(h, office, monkeypatch):
    """A city's whole queue is not counted on every page view (see bench/README.md)."""
    from zhicheng.review.domain import office as office_domain

    _, assignment = office
    ds = [h.make(State.RECOMMENDED) for _ in range(5)]
    monkeypatch.setattr(office_domain, "COUNT_CAP", 3)
    page = office_domain.queue_page(office_queue(assignment), 1, per_page=2)
    assert (page.paginator.count, page.paginator.capped) == (4, True)
    assert [d.pk for d in page] == [ds[0].pk, ds[1].pk]
    monkeypatch.setattr(office_domain, "COUNT_CAP", 5)
    page = office_domain.queue_page(office_queue(assignment), 3, per_page=2)
    assert (page.paginator.count, page.paginator.capped) == (5, False)
    assert [d.pk for d in page] == [ds[4].pk]
