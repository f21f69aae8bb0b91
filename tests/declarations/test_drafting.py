"""Saving the applicant's draft: rows keep their ids, so any number of autosaves from one
page load keep every fact, each audited once (issue 9)."""

import datetime
import re

import pytest
from applying import facts_post
from django.db import connection
from django.forms.models import ModelChoiceIterator
from django.test.utils import CaptureQueriesContext
from factories import SeriesFactory

from zhicheng.audit.models import AuditEvent
from zhicheng.core.models import Specialty
from zhicheng.declarations.domain.drafting import save_form
from zhicheng.declarations.forms import bind_forms
from zhicheng.declarations.models import Education, WorkRecord

pytestmark = pytest.mark.django_db

OOB_ID = re.compile(r'<input type="hidden" name="([\w-]+-id)" id="id_[\w-]+" value="(\d*)" '
                    r'hx-swap-oob="true">')


def edits(decl):
    return AuditEvent.objects.filter(action="declaration.edit", object_id=str(decl.pk))


def page_with_rows(decl):
    """The form as a page loaded now shows it: one education and one work row on file,
    with their ids, plus the blank row each section offers."""
    save_form(decl.pk, decl.applicant, {}, rows={
        "education": [{"school": "广西大学", "major": "土木工程", "degree": "bachelor",
                       "graduated_on": datetime.date(2002, 7, 1), "certificate_no": "",
                       "foreign": False}],
        "work_history": [{"starts_on": datetime.date(2002, 7, 1), "ends_on": None,
                          "employer": "南宁市政院", "position": "结构设计"}]})
    edu, work = Education.objects.get(declaration=decl), WorkRecord.objects.get(declaration=decl)
    post = facts_post(decl, **{
        "education-TOTAL_FORMS": "2", "education-INITIAL_FORMS": "1",
        "education-0-id": str(edu.pk), "education-0-school": "广西大学",
        "work_history-TOTAL_FORMS": "2", "work_history-INITIAL_FORMS": "1",
        "work_history-0-id": str(work.pk), "work_history-0-starts_on": "2002-07-01",
        "work_history-0-ends_on": "", "work_history-0-employer": "南宁市政院",
        "work_history-0-position": "结构设计"})
    return post, edu.pk, work.pk


def autosave(client, decl, post):
    """One autosave, then what htmx does with the answer: the ids of saved rows go into
    the page's hidden inputs (out-of-band swaps)."""
    response = client.post(f"/apply/{decl.pk}/autosave/", post, headers={"HX-Request": "true"})
    assert response.status_code == 200
    for name, value in OOB_ID.findall(response.text):
        post[name] = value
    return response


def test_ten_autosaves_from_one_page_load_keep_every_fact_each_audited_once(client, draft):
    post, edu_id, work_id = page_with_rows(draft)
    client.force_login(draft.applicant)
    before = edits(draft).count()
    # Autosave 1 adds a new work row in the blank line; 2–10 change a fact and a row each.
    post.update({"work_history-1-starts_on": "1998-09-01", "work_history-1-ends_on": "2002-06-30",
                 "work_history-1-employer": "广西大学", "work_history-1-position": "学生助教"})
    assert "已自动保存" in autosave(client, draft, post).text
    new_work = WorkRecord.objects.get(declaration=draft, employer="广西大学")
    assert post["work_history-1-id"] == str(new_work.pk)
    for i in range(2, 11):
        post["continuing_education_hours"] = str(80 + i)
        post["education-0-major"] = f"土木工程{i}"
        post["work_history-1-position"] = f"学生助教{i}"
        assert "已自动保存" in autosave(client, draft, post).text
    draft.refresh_from_db()
    assert draft.continuing_education_hours == 90
    assert draft.draft_data == {}
    assert list(draft.education.values_list("pk", "school", "major")) == [
        (edu_id, "广西大学", "土木工程10")]
    assert list(draft.work_history.values_list("pk", "employer", "position")) == [
        (new_work.pk, "广西大学", "学生助教10"), (work_id, "南宁市政院", "结构设计")]
    assert edits(draft).count() - before == 10
    last = edits(draft).order_by("-seq").first()
    assert last.after["rows"]["education"] == {"updated": {str(edu_id): {"major": "土木工程10"}}}
    assert last.before["rows"]["work_history"] == {
        "updated": {str(new_work.pk): {"position": "学生助教9"}}}
    assert last.after["continuing_education_hours"] == 90


def test_the_sql_of_an_autosave_stays_small(client, draft):
    post, _edu, _work = page_with_rows(draft)
    client.force_login(draft.applicant)
    autosave(client, draft, post)
    post["education-0-major"] = "结构工程"
    with CaptureQueriesContext(connection) as ctx:
        autosave(client, draft, post)
    sql = [q["sql"] for q in ctx.captured_queries
           if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    # Session, user; the declaration read and locked once; every row table in one query
    # (UNION ALL); the changed row; the declaration's save; the audit chain's head (on
    # PostgreSQL the same statement takes the chain's advisory lock) and event. No session
    # renewal: it was written a moment ago (zhicheng.core.sessions). 8 on both engines
    # (13 on SQLite and 14 on PostgreSQL before).
    assert len(sql) == 8, "\n".join(sql)
    assert sum("declarations_education" in q for q in sql) == 2  # read + one UPDATE
    assert not any(q.startswith("DELETE") for q in sql)


def test_a_chosen_specialty_costs_no_query_until_it_changes(client, draft):
    """The declaration's own specialty comes with the row: still 8 statements. Another of
    the series' specialties is read by itself; one of another series is an invalid choice."""
    ours = Specialty.objects.create(series=draft.series, code="road", name="道路与桥梁")
    theirs = Specialty.objects.create(series=SeriesFactory(code="health", name="卫生"),
                                   code="other", name="外系列专业")
    post, _edu, _work = page_with_rows(draft)
    client.force_login(draft.applicant)
    post["specialty"] = str(ours.pk)
    autosave(client, draft, post)
    draft.refresh_from_db()
    assert draft.specialty_id == ours.pk

    def statements():
        with CaptureQueriesContext(connection) as ctx:
            text = autosave(client, draft, post).text
        return text, [q["sql"] for q in ctx.captured_queries
                      if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]

    post["education-0-major"] = "结构工程"
    text, sql = statements()
    assert "已自动保存" in text
    assert len(sql) == 8, "\n".join(sql)
    assert not any(q.startswith('SELECT "core_specialty"') for q in sql)
    other = Specialty.objects.create(series=draft.series, code="geo", name="岩土工程")
    post["specialty"] = str(other.pk)
    text, sql = statements()
    assert "已自动保存" in text
    assert sum(q.startswith('SELECT "core_specialty"') for q in sql) == 1
    draft.refresh_from_db()
    assert draft.specialty_id == other.pk
    for bad in (str(theirs.pk), "abc", "999999"):
        post["specialty"] = bad
        assert "「专业」的选项无效，请重新选择。" in autosave(client, draft, post).text
        draft.refresh_from_db()
        assert draft.specialty_id == other.pk


def test_the_forms_choices_and_rows_are_those_of_their_querysets(draft):
    """The specialty choices and the rows on file come from compiled queries: the same
    choices, labels and order as ModelChoiceIterator over the field's queryset, and the same
    rows, in the model's order, as the relation's own manager."""
    for code, name in (("road", "道路与桥梁"), ("geo", "岩土工程"), ("arch", "建筑设计")):
        Specialty.objects.create(series=draft.series, code=code, name=name)
    Specialty.objects.create(series=SeriesFactory(code="health", name="卫生"), code="nurse",
                             name="护理")
    save_form(draft.pk, draft.applicant, {}, rows={"education": [
        {"school": school, "major": "土木工程", "degree": "bachelor", "graduated_on": day,
         "certificate_no": "", "foreign": False}
        for school, day in (("乙校", datetime.date(2005, 7, 1)),  # same day: then by id
                            ("甲校", datetime.date(2005, 7, 1)),
                            ("丙校", datetime.date(1999, 7, 1)))]})
    facts, sets = bind_forms(draft)
    field = facts.fields["specialty"]
    shown = [(str(value), label) for value, label in field.choices]
    expected = [(str(value), label) for value, label in ModelChoiceIterator(field)]
    assert shown == expected
    assert [label for _value, label in shown[1:]] == [
        str(s) for s in Specialty.objects.filter(series=draft.series)]
    assert len(shown) == 4  # the empty label and the series' three
    assert [f.initial["school"] for f in sets["education"].initial_forms] == [
        e.school for e in draft.education.all()]
    assert len(sets["education"].initial_forms) == 3
    field.series_id = None  # not FactsForm's: the queryset itself
    assert [(str(v), label) for v, label in field.choices] == expected


def test_a_deleted_row_stays_deleted_and_unticking_brings_it_back(client, draft):
    post, edu_id, _work = page_with_rows(draft)
    client.force_login(draft.applicant)
    post["education-0-DELETE"] = "on"
    autosave(client, draft, post)
    assert not Education.objects.filter(declaration=draft).exists()
    assert post["education-0-id"] == ""  # the page forgets the deleted row's id
    post["continuing_education_hours"] = "70"
    assert "已自动保存" in autosave(client, draft, post).text  # no 选择一个有效的选项
    assert not Education.objects.filter(declaration=draft).exists()
    del post["education-0-DELETE"]
    autosave(client, draft, post)
    back = Education.objects.get(declaration=draft)
    assert (back.school, back.major, back.pk != edu_id) == ("广西大学", "土木工程", True)
    assert post["education-0-id"] == str(back.pk)


def test_a_row_deleted_in_another_tab_is_kept_as_a_new_row(client, draft):
    post, edu_id, _work = page_with_rows(draft)
    save_form(draft.pk, draft.applicant, {}, rows={"education": []})  # the other tab
    client.force_login(draft.applicant)
    post["education-0-major"] = "桥梁工程"
    assert "已自动保存" in autosave(client, draft, post).text
    row = Education.objects.get(declaration=draft)
    assert (row.major, str(row.pk)) == ("桥梁工程", post["education-0-id"])
    assert row.pk != edu_id


def test_rows_not_sent_are_deleted_and_a_freed_approval_code_can_be_taken(draft):
    on = datetime.date(2017, 3, 1)
    _decl, ids = save_form(draft.pk, draft.applicant, {}, rows={"approvals": [
        {"code": "unit_consent", "document_number": "A-1", "issued_on": on}]})
    (first,) = ids["approvals"]
    _decl, ids = save_form(draft.pk, draft.applicant, {}, rows={"approvals": [
        {"id": first, "delete": True},
        {"code": "unit_consent", "document_number": "A-2", "issued_on": on}]})
    assert ids["approvals"][0] is None
    assert list(draft.approvals.values_list("pk", "document_number")) == [
        (ids["approvals"][1], "A-2")]


def test_a_save_that_changes_nothing_writes_no_event(draft):
    before = edits(draft).count()
    save_form(draft.pk, draft.applicant, {"current_title_name": draft.current_title_name})
    assert edits(draft).count() == before


def test_an_autosave_renews_the_session_only_when_its_expiry_would_move(client, draft, settings):
    """Autosaves a moment apart leave the session row alone; once the expiry would move by
    SESSION_LAZY_RENEWAL_SECONDS or more, the autosave renews it (the idle timeout holds)."""
    from django.contrib.sessions.models import Session

    post, _edu, _work = page_with_rows(draft)
    client.force_login(draft.applicant)
    key = client.session.session_key
    stored = Session.objects.get(session_key=key).expire_date
    autosave(client, draft, post)
    assert Session.objects.get(session_key=key).expire_date == stored
    settings.SESSION_LAZY_RENEWAL_SECONDS = 0  # every renewal now moves it far enough
    autosave(client, draft, post)
    assert Session.objects.get(session_key=key).expire_date > stored
