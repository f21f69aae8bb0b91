"""The member's reading (§5.3.2, §5.3.4): their sessions, the applicants they may read (not
those they are recused from), and each dossier — the review dossier, integrity records, their
own opinion only — in a number of queries that does not grow with the data."""

import datetime

import pytest
from applying import upload
from factories import DeclarationFactory, expert_of
from meeting_world import build, started
from pagecounts import queries_for

from zhicheng.core.domain.errors import NotFound
from zhicheng.declarations.models import State
from zhicheng.evaluation.domain.conflicts import decide_conflict, declare_conflict
from zhicheng.evaluation.domain.dossiers import member_dossier, my_seats, session_rows
from zhicheng.evaluation.domain.group_review import record_opinion
from zhicheng.evaluation.domain.seats import member_seat
from zhicheng.evaluation.models import Seat
from zhicheng.integrity.models import IntegrityRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.ZHICHENG_TODAY = "2017-09-20"


def test_my_seats_are_the_active_ones():
    w = build()
    other = build()
    Seat.objects.create(session=other.session, expert=w.expert(0), group="building")
    assert {s.session_id for s in my_seats(w.user(0))} == {w.session.pk, other.session.pk}
    seat = Seat.objects.get(session=other.session, expert=w.expert(0))
    seat.active = False
    seat.save(update_fields=["active"])
    assert [s.session_id for s in my_seats(w.user(0))] == [w.session.pk]


def test_rows_leave_out_the_recused_and_show_only_ones_own_opinion():
    w = started(build())
    record_opinion(actor=w.user(4), session_id=w.session.pk, declaration_id=w.decls[1].pk,
                   recommend=False)
    record_opinion(actor=w.user(3), session_id=w.session.pk, declaration_id=w.decls[1].pk,
                   recommend=True, remark="好")
    rows = session_rows(member_seat(w.user(3), w.session.pk))
    assert [(r.decl.pk, r.group, r.mine) for r in rows] == [
        (w.decls[0].pk, "building", False), (w.decls[1].pk, "road_bridge", True)]
    assert (rows[1].opinion.expert_id, rows[1].opinion.remark) == (w.expert(3).pk, "好")
    c = declare_conflict(actor=w.user(3), session_id=w.session.pk,
                         declaration_id=w.decls[0].pk, kind="relative", detail="亲属")
    assert [len(r.conflicts) for r in session_rows(member_seat(w.user(3), w.session.pk))] == [
        1, 0]
    decide_conflict(actor=w.user(2), conflict_id=c.pk, confirm=True, reason="属实")
    assert [r.decl.pk for r in session_rows(member_seat(w.user(3), w.session.pk))] == [
        w.decls[1].pk]
    with pytest.raises(NotFound):
        member_dossier(member_seat(w.user(3), w.session.pk), w.decls[0].pk)


def test_the_dossier_holds_integrity_records_and_the_leader_status():
    w = started(build())
    d = w.decls[1]
    IntegrityRecord.objects.create(
        id_number=d.id_number, name=d.applicant.real_name, period_from=datetime.date(2016, 1, 1),
        period_to=datetime.date(2019, 1, 1), reason="2016年申报材料造假",
        office=_office(), created_by=w.secretariat)
    m = member_dossier(member_seat(w.user(2), w.session.pk), d.pk)
    assert [r.reason for r in m.integrity] == ["2016年申报材料造假"]
    assert m.leads and m.status is not None and not m.status.complete
    assert m.review.decl.pk == d.pk
    m3 = member_dossier(member_seat(w.user(3), w.session.pk), d.pk)
    assert not m3.leads and m3.status is None and m3.may_give_opinion


def _office():
    from factories import OfficeFactory

    return OfficeFactory()


def test_the_session_list_query_count_is_flat(client):
    w = started(build())
    client.force_login(w.user(3))
    url = f"/evaluation/meetings/{w.session.pk}/"
    few = queries_for(client, url)
    for _ in range(6):
        d = DeclarationFactory(committee=w.committee, series=w.committee.series,
                               specialty=w.road, state=State.UNDER_EVALUATION)
        w.session.declarations.add(d)
        record_opinion(actor=w.user(3), session_id=w.session.pk, declaration_id=d.pk,
                       recommend=True)
    assert len(queries_for(client, url)) == len(few)


def test_the_dossier_query_count_is_flat(client, settings):
    w = started(build())
    d = w.decls[1]
    client.force_login(w.user(2))  # the leader: the group status is computed too
    url = f"/evaluation/meetings/{w.session.pk}/d/{d.pk}/"
    few = queries_for(client, url)
    # More seats in the group, opinions, conflicts, integrity records and material files.
    for _ in range(4):
        e = expert_of(w.committee, specialty=w.road)
        Seat.objects.create(session=w.session, expert=e, group="road_bridge")
        record_opinion(actor=e.user, session_id=w.session.pk, declaration_id=d.pk,
                       recommend=True)
        IntegrityRecord.objects.create(
            id_number=d.id_number, name="x", period_from=datetime.date(2016, 1, 1),
            period_to=datetime.date(2019, 1, 1), reason="记录", office=_office(),
            created_by=w.secretariat)
    for kind in ("relative", "other", "collaborator"):
        declare_conflict(actor=w.user(2), session_id=w.session.pk, declaration_id=d.pk,
                         kind=kind, detail="说明")
    _with_files(d, settings)
    assert len(queries_for(client, url)) == len(few)
    body = client.get(url).content.decode()
    assert body.count("下载原件") == 2


def _with_files(decl, settings):
    """Two scans, uploaded as the applicant would have before the hand-over."""
    state = decl.state
    decl.refresh_from_db()
    decl.state = State.DRAFT
    decl.save(update_fields=["state"])
    settings.ZHICHENG_TODAY = "2017-05-15"
    upload(decl, "education_certificate")
    upload(decl, "title_certificate")
    decl.refresh_from_db()
    decl.state = state
    decl.save(update_fields=["state"])
    settings.ZHICHENG_TODAY = "2017-09-20"


def test_materials_open_through_the_materials_scope_and_not_for_the_recused(client, settings):
    from zhicheng.materials.models import MaterialFile

    w = started(build())
    d = w.decls[1]
    _with_files(d, settings)
    f = MaterialFile.objects.filter(declaration=d, is_current=True).first()
    client.force_login(w.user(4))
    assert client.get(f"/materials/files/{f.pk}/download/").status_code == 200
    c = declare_conflict(actor=w.user(4), session_id=w.session.pk, declaration_id=d.pk,
                         kind="relative", detail="亲属")
    decide_conflict(actor=w.user(2), conflict_id=c.pk, confirm=True, reason="属实")
    assert client.get(f"/materials/files/{f.pk}/download/").status_code == 404
    client.force_login(build().user(0))  # a member of another session
    assert client.get(f"/materials/files/{f.pk}/download/").status_code == 404
