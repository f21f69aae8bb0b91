"""Seats: a member's own seat, the chair's, and the group that reviews an applicant."""

import pytest
from meeting_world import appointed, build

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.evaluation.domain.seats import (
    chair_seat,
    group_of,
    member_seat,
    pick_group,
    present_seats,
)
from zhicheng.evaluation.models import Seat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.ZHICHENG_TODAY = "2017-09-20"


def test_member_seat_is_the_users_active_seat_else_404():
    w = build()
    assert member_seat(w.user(0), w.session.pk).expert_id == w.expert(0).pk
    with pytest.raises(NotFound):
        member_seat(w.secretariat, w.session.pk)
    other = build()
    with pytest.raises(NotFound):
        member_seat(other.user(0), w.session.pk)
    Seat.objects.filter(pk=member_seat(w.user(1), w.session.pk).pk).get()
    seat = Seat.objects.get(session=w.session, expert=w.expert(1))
    seat.active = False
    seat.save(update_fields=["active"])
    with pytest.raises(NotFound):
        member_seat(w.user(1), w.session.pk)


def test_chair_seat_only_for_the_chair():
    w = appointed(build())
    assert chair_seat(w.user(2), w.session.pk).role == "chair"
    with pytest.raises(Refused) as e:
        chair_seat(w.user(3), w.session.pk)
    assert e.value.code == "not_chair"
    with pytest.raises(NotFound):
        chair_seat(w.secretariat, w.session.pk)


def test_the_group_of_an_applicant_is_their_specialty_or_the_largest_group():
    w = build()
    assert group_of(w.session, w.decls[0]) == "building"
    assert group_of(w.session, w.decls[1]) == "road_bridge"
    w.decls[0].specialty = None
    assert group_of(w.session, w.decls[0]) == "road_bridge"  # 3 seats beat 2
    assert pick_group({"a": 2, "b": 2}, "zzz") == "a"  # a tie goes to the first code
    assert pick_group({}, "a") is None


def test_present_seats_are_all_active_until_the_roll_call_then_the_checked_in():
    w = build()
    assert [s.expert_id for s in present_seats(w.session, "road_bridge")] == [
        w.expert(2).pk, w.expert(3).pk, w.expert(4).pk]
    seat = Seat.objects.get(session=w.session, expert=w.expert(3))
    seat.checked_in_at = seat.session.created_at
    seat.save(update_fields=["checked_in_at"])
    assert [s.expert_id for s in present_seats(w.session, "road_bridge")] == [w.expert(3).pk]
