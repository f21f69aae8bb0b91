"""The timeline folds runs of edits in the database and shows the same steps as folding
every event in Python would (the rule: consecutive edits by the same role are one step,
at the last one's time)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import DeclarationFactory, UnitFactory, applicant, official

from zhicheng.audit.domain import events_for, record
from zhicheng.core.models import Role
from zhicheng.declarations.domain.timeline import _STEP_EVENTS, _actor, _label, timeline

pytestmark = pytest.mark.django_db


def folded_in_python(decl) -> list[dict]:
    """The rule applied to every event of the declaration, as timeline() did before."""
    steps: list[dict] = []
    for e in events_for(decl):
        step = {"at": e.created_at, "label": _label(e.action), "role": _actor(e.action, e.role),
                "note": e.note}
        if (e.action == "declaration.edit" and steps and steps[-1]["label"] == step["label"]
                and steps[-1]["role"] == step["role"]):
            steps[-1] = step
            continue
        steps.append(step)
    return steps


def test_runs_of_edits_fold_in_the_database_to_the_same_steps():
    person = applicant()
    unit = UnitFactory()
    hr = official(Role.UNIT_HR, unit=unit)
    decl = DeclarationFactory(applicant=person, unit=unit)

    def edit(n: int, who=person, role=Role.APPLICANT):
        for i in range(n):
            record(actor=who, action="declaration.edit", obj=decl, role=role,
                   before={"hours": i}, after={"hours": i + 1})

    record(actor=person, action="declaration.start", obj=decl, role=Role.APPLICANT)
    edit(40)
    edit(2, hr, Role.UNIT_HR)  # another role's edits: a step of their own
    edit(3)
    record(actor=person, action="material.upload", obj=decl, role=Role.APPLICANT)
    edit(25)
    record(actor=person, action="declaration.submit", obj=decl, role=Role.APPLICANT,
           note="")
    record(actor=hr, action="declaration.unit_return", obj=decl, role=Role.UNIT_HR,
           note="学历证书不清晰")
    edit(7)  # the last events are edits: the run ends the timeline

    steps = timeline(decl)
    assert steps == folded_in_python(decl)
    assert [(s["label"], s["role"]) for s in steps] == [
        ("创建申报草稿", "申报人"), ("修改申报内容", "申报人"),
        ("修改申报内容", "单位人事（职改）部门"), ("修改申报内容", "申报人"),
        ("上传申报材料", "申报人"), ("修改申报内容", "申报人"), ("提交申报", "申报人"),
        ("退回申报人修改", "单位人事（职改）部门"), ("修改申报内容", "申报人"),
    ]
    assert steps[-1]["at"] == events_for(decl).last().created_at
    assert steps[7]["note"] == "学历证书不清晰"
    # 81 events, 9 rows read: one per step, in one query.
    assert events_for(decl).count() == 81
    with CaptureQueriesContext(connection) as ctx:
        rows = _STEP_EVENTS.list(decl._meta.label_lower, str(decl.pk))
    assert len(ctx.captured_queries) == 1
    assert len(rows) == 9


def test_other_declarations_events_do_not_fold_into_its_timeline():
    person = applicant()
    first, second = DeclarationFactory(applicant=person), DeclarationFactory(applicant=person)
    record(actor=person, action="declaration.edit", obj=first, role=Role.APPLICANT)
    record(actor=person, action="declaration.edit", obj=second, role=Role.APPLICANT)
    record(actor=person, action="declaration.edit", obj=first, role=Role.APPLICANT)
    assert [s["label"] for s in timeline(first)] == ["修改申报内容"]
    assert timeline(first)[0]["at"] == events_for(first).last().created_at
    assert len(timeline(second)) == 1
    assert timeline(DeclarationFactory(applicant=person)) == []
