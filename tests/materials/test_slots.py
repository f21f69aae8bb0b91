"""Slots per series / level / kind / unit type, and the §3.2.1 lock for every state."""

import pytest
from factories import DeclarationFactory, SeriesFactory
from samples import pdf_bytes, upload

from zhicheng.declarations.models import Declaration, DeclarationKind, State
from zhicheng.materials.domain import (
    LOCKED_MESSAGE,
    MaterialContext,
    can_change_materials,
    context_for,
    slots_for,
    upload_material,
)
from zhicheng.materials.models import MaterialType

pytestmark = pytest.mark.django_db

ALWAYS = ["id_card", "education_certificate", "continuing_education_certificate",
          "achievement_proof", "pledge"]


def ctx(**kw) -> MaterialContext:
    base = dict(series_code="engineering", level="deputy_senior", kind="regular",
                unit_type="public_institution", has_title=True, id_changed=False)
    return MaterialContext(**{**base, **kw})


def codes(slots):
    return [s.code for s in slots]


def required(slots):
    return [s.code for s in slots if s.required]


def test_default_catalogue_is_installed_by_migration():
    assert list(MaterialType.objects.values_list("code", "clause", "condition", "required")) == [
        ("id_card", "3.2.1", "always", True),
        ("education_certificate", "4.3", "always", True),
        ("title_certificate", "4.1.2", "has_title", True),
        ("prior_approval", "2.2.3", "no_title_or_exceptional", True),
        ("continuing_education_certificate", "3.2.2", "always", True),
        ("social_insurance_proof", "3.2.4.1", "non_public", True),
        ("business_license", "3.2.4.1", "non_public", True),
        ("exceptional_conditions_proof", "3.2.4.2", "exceptional", True),
        ("id_change_proof", "3.2.4.3", "id_changed", True),
        ("achievement_proof", "4.1.2", "optional", False),
        ("pledge", "4.2.1", "always", True),
    ]


def test_regular_public_institution():
    slots = slots_for(ctx())
    assert codes(slots) == ["id_card", "education_certificate", "title_certificate",
                            "continuing_education_certificate", "achievement_proof", "pledge"]
    assert required(slots) == ["id_card", "education_certificate", "title_certificate",
                               "continuing_education_certificate", "pledge"]
    assert [s.clause for s in slots][:4] == ["3.2.1", "4.3", "4.1.2", "3.2.2"]
    assert all(not s.files for s in slots)


def test_non_public_needs_social_insurance_and_licence():
    assert required(slots_for(ctx(unit_type="non_public"))) == [
        "id_card", "education_certificate", "title_certificate",
        "continuing_education_certificate", "social_insurance_proof", "business_license",
        "pledge"]


def test_exceptional():
    assert required(slots_for(ctx(kind="exceptional"))) == [
        "id_card", "education_certificate", "title_certificate", "prior_approval",
        "continuing_education_certificate", "exceptional_conditions_proof", "pledge"]


def test_no_title_with_changed_id():
    assert required(slots_for(ctx(kind="no_title", has_title=False, id_changed=True))) == [
        "id_card", "education_certificate", "prior_approval",
        "continuing_education_certificate", "id_change_proof", "pledge"]


def test_series_level_and_kind_filters():
    mt = MaterialType.objects.get(code="pledge")
    mt.series.add(SeriesFactory(code="health", name="卫生"))
    mt.levels = ["senior"]
    mt.save()
    assert "pledge" not in codes(slots_for(ctx()))
    assert "pledge" not in codes(slots_for(ctx(series_code="health")))
    assert "pledge" in codes(slots_for(ctx(series_code="health", level="senior")))
    ce = MaterialType.objects.get(code="continuing_education_certificate")
    ce.kinds = ["regular"]
    ce.save()
    assert "continuing_education_certificate" not in codes(slots_for(ctx(kind="exceptional")))


def test_inactive_types_disappear():
    mt = MaterialType.objects.get(code="achievement_proof")
    mt.active = False
    mt.save()
    assert "achievement_proof" not in codes(slots_for(ctx()))


def test_current_files_and_missing(django_assert_num_queries):
    decl = DeclarationFactory()
    mt = MaterialType.objects.get(code="pledge")
    mf = upload_material(declaration=decl, material_type=mt,
                         upload=upload("a.pdf", pdf_bytes()), actor=decl.applicant)
    context = context_for(decl)
    with django_assert_num_queries(2):  # the types, the current files
        slots = slots_for(context, decl)
        pledge = next(s for s in slots if s.code == "pledge")
        assert pledge.files[0].stored_file.original_name == "a.pdf"
    assert (pledge.files, pledge.missing, pledge.full) == ([mf], False, True)
    assert [s.code for s in slots if s.missing] == [
        "id_card", "education_certificate", "title_certificate",
        "continuing_education_certificate"]


def test_files_in_a_slot_that_no_longer_applies_stay_visible():
    decl = DeclarationFactory(kind=DeclarationKind.EXCEPTIONAL)
    mt = MaterialType.objects.get(code="exceptional_conditions_proof")
    upload_material(declaration=decl, material_type=mt, upload=upload("a.pdf", pdf_bytes()),
                    actor=decl.applicant)
    slots = slots_for(ctx(kind="regular"), decl)
    slot = next(s for s in slots if s.code == "exceptional_conditions_proof")
    assert (slot.required, len(slot.files)) == (False, 1)


def test_context_for_declaration(settings):
    decl = DeclarationFactory(kind=DeclarationKind.NO_TITLE, current_level="")
    assert context_for(decl) == MaterialContext(
        series_code="engineering", level="deputy_senior", kind="no_title",
        unit_type="public_institution", has_title=False, id_changed=False)
    settings.ZHICHENG_MATERIAL_CONTEXT = "materials.test_slots.fake_builder"
    assert context_for(decl).id_changed is True


def fake_builder(declaration):
    return ctx(id_changed=True)


EXPECTED_LOCK = {
    State.DRAFT: (True, ""),
    State.RETURNED: (True, ""),
    **{s: (False, LOCKED_MESSAGE) for s in (
        State.ACCEPTED_BY_COMMITTEE, State.UNDER_EVALUATION, State.PASSED, State.FAILED,
        State.RESULT_NOTICE, State.REPORTED, State.APPROVED, State.CERTIFIED, State.REVOKED,
        State.VOIDED)},
    **{s: (False, f"申报已提交（当前状态：{s.label}），申报材料只能在被退回修改后补充或更换。")
       for s in (State.SUBMITTED, State.UNIT_REVIEW, State.UNIT_NOTICE, State.RECOMMENDED,
                 State.OFFICE_REVIEW, State.REJECTED, State.WITHDRAWN)},
}


def test_every_state_has_a_lock_answer():
    assert set(EXPECTED_LOCK) == set(State)


@pytest.mark.parametrize("state", list(State))
def test_can_change_materials(state):
    decl = DeclarationFactory.build(state=state)
    assert can_change_materials(decl) == EXPECTED_LOCK[state]


def test_context_knows_former_id_numbers():
    if not hasattr(Declaration, "previous_id_numbers"):
        pytest.skip("the declaration does not record former ID numbers")
    decl = DeclarationFactory(previous_id_numbers=["450102800101123"])
    assert context_for(decl).id_changed is True
    assert "id_change_proof" in required(slots_for(context_for(decl), decl))
