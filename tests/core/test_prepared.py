"""Compiled-once querysets (zhicheng.core.prepared): the same rows as the queryset itself."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from factories import DeclarationFactory, PlanFactory, UnitFactory, applicant, assign, official

from zhicheng.core.models import Plan, Role, RoleAssignment, User
from zhicheng.core.prepared import NotPreparable, PreparedQuery, first_of
from zhicheng.declarations.models import Declaration

pytestmark = pytest.mark.django_db

RELATED = ("unit", "office", "office__city", "office__series", "committee")


def _assignments(user_id):
    return (RoleAssignment.objects.filter(user_id=user_id).select_related(*RELATED)
            .order_by("id"))


ASSIGNMENTS = PreparedQuery(_assignments, samples=[(-1,), (-2,)])


def test_rows_and_related_objects_match_the_queryset_in_one_query():
    person = official(Role.UNIT_HR, unit=UnitFactory(name="南宁市第一中学"))
    assign(person, Role.APPLICANT)
    other = official(Role.UNIT_HR, unit=UnitFactory())
    with CaptureQueriesContext(connection) as ctx:
        rows = ASSIGNMENTS.list(person.pk)
        assert [a.unit.name if a.unit else None for a in rows] == ["南宁市第一中学", None]
    assert len(ctx.captured_queries) == 1  # the related units came with the rows
    expected = list(_assignments(person.pk))
    assert [(a.pk, a.role, a.unit_id) for a in rows] == [
        (a.pk, a.role, a.unit_id) for a in expected]
    assert [a.pk for a in ASSIGNMENTS.list(other.pk)] == [
        a.pk for a in _assignments(other.pk)]
    assert ASSIGNMENTS.list(0) == []


def test_values_and_values_list_querysets_keep_their_shape():
    unit = UnitFactory()
    decls = DeclarationFactory.create_batch(3, unit=unit, state="submitted")
    DeclarationFactory(unit=unit, state="draft")
    counts = PreparedQuery(
        lambda unit_id: Declaration.objects.filter(unit_id=unit_id).values("state")
        .annotate(n=Count("id")).order_by("state"), samples=[(-1,), (-2,)])
    assert counts.list(unit.pk) == [{"state": "draft", "n": 1}, {"state": "submitted", "n": 3}]
    ids = PreparedQuery(
        lambda unit_id, state: Declaration.objects.filter(unit_id=unit_id, state=state)
        .values_list("pk", flat=True).order_by("pk"),
        samples=[(-1, "sample-a"), (-2, "sample-b")])
    assert ids.list(unit.pk, "submitted") == [d.pk for d in decls]
    assert ids.list(unit.pk, "returned") == []


def test_first_of_is_what_first_runs():
    person = applicant()
    by_pk = PreparedQuery(lambda pk: first_of(User.objects.filter(pk=pk)),
                          samples=[(-1,), (-2,)])
    assert by_pk.first(person.pk) == User.objects.filter(pk=person.pk).first() == person
    assert by_pk.first(-5) is None


def test_sql_that_changes_with_the_arguments_is_refused():
    changing = PreparedQuery(
        lambda n: User.objects.filter(pk__in=list(range(n))), samples=[(1,), (2,)])
    with pytest.raises(NotPreparable, match="SQL changes"):
        changing.list(3)


def test_an_argument_the_database_layer_adapts_is_refused():
    dated = PreparedQuery(lambda y: User.objects.filter(
        date_joined__gte=datetime.datetime(y, 1, 1, tzinfo=datetime.UTC)),
        samples=[(2001,), (2002,)])
    with pytest.raises(NotPreparable):
        dated.list(2017)


def test_an_argument_that_does_not_reach_the_sql_is_refused():
    ignoring = PreparedQuery(lambda pk: User.objects.filter(pk=1), samples=[(-1,), (-2,)])
    with pytest.raises(NotPreparable, match="does not reach"):
        ignoring.list(1)


def test_a_small_integer_field_binds_as_the_database_layer_types_it():
    """On PostgreSQL with server-side binding a PositiveSmallIntegerField's value reaches
    the SQL as psycopg's Int2: the argument is wrapped the same way, and the rows are the
    queryset's (on SQLite it is a plain int)."""
    plans = [PlanFactory(code=f"gx-{year}", year=year) for year in (2016, 2017, 2018)]
    by_year = PreparedQuery(lambda year, pk: Plan.objects.filter(year=year).exclude(pk=pk),
                            samples=[(2001, -1), (2002, -2)])
    assert by_year.list(2017, -9) == list(Plan.objects.filter(year=2017)) == [plans[1]]
    assert by_year.list(2017, plans[1].pk) == []
    wrapped = [wrap for _pos, _i, wrap in by_year._compiled[connection.vendor].positions]
    if connection.vendor == "postgresql":
        assert [w.__name__ if w else None for w in wrapped] == ["Int2", None]
    else:
        assert wrapped == [None, None]


def test_samples_must_differ_in_every_argument():
    with pytest.raises(NotPreparable):
        PreparedQuery(lambda a, b: User.objects.filter(pk=a, username=b),
                      samples=[(-1, "x"), (-2, "x")])


def test_only_plain_int_and_str_arguments_are_bound():
    with pytest.raises(TypeError):
        ASSIGNMENTS.list(1.5)
    with pytest.raises(TypeError):
        ASSIGNMENTS.list(True)


def test_another_thread_runs_on_its_own_connection():
    ASSIGNMENTS.list(0)  # compiled here, on this thread's connection
    mine = connections["default"]
    seen = []

    def other():
        try:
            seen.append((ASSIGNMENTS.list(-7), connections["default"] is not mine))
        finally:
            connections.close_all()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert seen == [([], True)]
