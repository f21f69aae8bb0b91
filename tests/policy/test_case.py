"""Input validation: every kind of invalid input names its field and why."""

from __future__ import annotations

from datetime import date

import pytest

from zhicheng.policy import CaseError, evaluate, idnumber, parse_case

from .conftest import DELETE, make_case, triples


def error_of(changes: dict) -> CaseError:
    with pytest.raises(CaseError) as exc:
        parse_case(make_case(changes))
    return exc.value


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"application_date": DELETE}, "application_date", "missing field"),
        ({"applicant.civil_servant": DELETE}, "applicant.civil_servant", "missing field"),
        ({"declaration.materials": DELETE}, "declaration.materials", "missing field"),
        ({"employment.unit.industry": DELETE}, "employment.unit.industry", "missing field"),
        ({"other_declarations_same_year": DELETE}, "other_declarations_same_year",
         "missing field"),
        ({"applicant.civil_servant": "false"}, "applicant.civil_servant",
         "must be true or false, got string"),
        ({"applicant.hukou_in_guangxi": 1}, "applicant.hukou_in_guangxi",
         "must be true or false, got number"),
        ({"applicant.retired_on": 20170101}, "applicant.retired_on",
         "must be a date string, got number"),
        ({"declaration.approvals": "unit_consent"}, "declaration.approvals",
         "must be an array, got string"),
        ({"employment": []}, "employment", "must be an object, got array"),
        ({"declaration.level": "expert"}, "declaration.level",
         "'expert' is not one of deputy_senior, intermediate, junior, senior"),
        ({"declaration.kind": None}, "declaration.kind", "must be a string, got null"),
        ({"declaration.channel": "post"}, "declaration.channel",
         "'post' is not one of central_or_external_branch, entrusted, talent_market, unit"),
        ({"employment.unit.type": "ngo"}, "employment.unit.type",
         "'ngo' is not one of non_public, non_staff, public_institution, state_organ, "
         "state_owned"),
        ({"declaration.approvals": ["unit_consent", "boss_ok"]}, "declaration.approvals[1]",
         "'boss_ok' is not one of home_province_entrustment, hq_channel_opinion_filed, "
         "regional_office_approval, series_office_prior_approval, unit_assessment_opinion, "
         "unit_consent"),
        ({"application_date": "2017-02-29"}, "application_date",
         "2017-02-29 is not a day of the calendar"),
        ({"application_date": "2017/05/15"}, "application_date",
         "'2017/05/15' is not a date in the form YYYY-MM-DD"),
        ({"employment.relation_since": "2016-04-31"}, "employment.relation_since",
         "2016-04-31 is not a day of the calendar"),
        ({"declaration.social_insurance_months": ["2017-13"]},
         "declaration.social_insurance_months[0]", "2017-13 is not a month of the calendar"),
        ({"applicant.id_number": "450103198001011234"}, "applicant.id_number",
         "wrong check digit 4, expected 3"),
        ({"applicant.id_number": "450103800101123"}, "applicant.id_number",
         "must have 18 characters, has 15"),
        ({"applicant.id_number": "450103198002301235"}, "applicant.id_number",
         "birth date 19800230 does not exist"),
        ({"applicant.sex": "female"}, "applicant.sex",
         "'female' contradicts the ID number, whose order code is male"),
        ({"applicant.sex": "m"}, "applicant.sex", "'m' is not one of female, male"),
        ({"applicant.birth_date": "1980-01-02"}, "applicant.birth_date",
         "1980-01-02 contradicts the ID number, whose birth date is 1980-01-01"),
        ({"applicant.retirement_category": "female_55"}, "applicant.retirement_category",
         "'female_55' is for female applicants, the ID number is male"),
        ({"applicant.previous_id_numbers": ["450103198001011234"]},
         "applicant.previous_id_numbers[0]", "wrong check digit 4, expected 3"),
        ({"policy": "gx-2099"}, "policy", "unknown policy set 'gx-2099'"),
        ({"policy": DELETE}, "policy", "missing field"),
        ({"other_declarations_same_year": [{"series": "x"}]},
         "other_declarations_same_year[0].level", "missing field"),
        ({"applicant.id_number": idnumber.compose("450103", date(2018, 1, 1), 123),
          "applicant.sex": DELETE, "applicant.birth_date": DELETE},
         "applicant.id_number", "birth date 2018-01-01 is after application_date 2017-05-15"),
    ],
)
def test_invalid_input(changes: dict, field: str, reason: str) -> None:
    error = error_of(changes)
    assert (error.field, error.reason) == (field, reason)
    assert str(error) == f"{field}: {reason}"


def test_not_an_object() -> None:
    with pytest.raises(CaseError, match=r"^\(case\): must be an object, got array$"):
        parse_case([])


def test_optional_fields_are_derived_from_the_id_number() -> None:
    female = idnumber.compose("450103", date(1985, 3, 8), 124)
    case, _ = parse_case(make_case({
        "applicant.id_number": female, "applicant.sex": DELETE,
        "applicant.birth_date": DELETE, "applicant.retirement_category": DELETE}))
    assert (case.sex, case.birth_date, case.retirement_category) == (
        "female", date(1985, 3, 8), "female_55")
    case, _ = parse_case(make_case({"applicant.sex": None, "applicant.birth_date": None,
                                    "applicant.retirement_category": None}))
    assert (case.sex, case.birth_date, case.retirement_category) == (
        "male", date(1980, 1, 1), "male_60")


def test_unknown_series_and_extra_fields_are_not_errors() -> None:
    result = evaluate(make_case({"declaration.series": "no_such_series",
                                 "declaration.specialty": "桥梁", "extra": {"x": 1},
                                 "applicant.nickname": "阿明"}))
    assert result["eligible"] is True and triples(result) == []


def test_lower_case_x_check_digit_accepted() -> None:
    number = "11010519491231002x"
    case, _ = parse_case(make_case({"applicant.id_number": number, "applicant.sex": "female",
                                    "applicant.birth_date": "1949-12-31",
                                    "applicant.retirement_category": "female_50",
                                    "application_date": "1999-01-04"}))
    assert case.id_number == "11010519491231002X"
