"""gx-2017 rules, one table per clause, written from the notice's text.

Every case starts from the contract's example (no findings) and changes only
what the clause is about, so the expected findings are exact.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zhicheng.policy import PolicySet, idnumber

from .conftest import make_case, person, run, triples

B, M, I = "blocking", "missing", "info"  # noqa: E741


def check(changes: dict[str, Any], expected: list[tuple[str, str, str]]) -> dict[str, Any]:
    result = run(changes)
    assert triples(result) == expected
    assert result["eligible"] == all(s != B for _, _, s in expected)
    assert result["ready"] == all(s == I for _, _, s in expected)
    return result


def test_example_is_eligible_and_ready() -> None:
    result = run()
    assert {k: result[k] for k in ("policy", "eligible", "ready", "findings")} == {
        "policy": "gx-2017", "eligible": True, "ready": True, "findings": []}


# 二（一）1: a Guangxi unit, relation of one year or more (anniversary included).
@pytest.mark.parametrize(
    ("relation_since", "application_date", "expected"),
    [
        ("2016-05-16", "2017-05-15", [("2.1.1", "relation_too_short", B)]),  # day before
        ("2016-05-15", "2017-05-15", []),  # the anniversary itself
        ("2016-05-14", "2017-05-15", []),  # day after
        ("2017-05-15", "2017-05-15", [("2.1.1", "relation_too_short", B)]),
        ("2017-06-01", "2017-05-15", [("2.1.1", "relation_too_short", B)]),  # not yet started
        ("2016-02-29", "2017-02-27", [("2.1.1", "relation_too_short", B)]),
        ("2016-02-29", "2017-02-28", []),  # no 29 Feb in 2017: the month's last day
    ],
)
def test_2_1_1_relation_one_year(relation_since: str, application_date: str,
                                 expected: list) -> None:
    check({"employment.relation_since": relation_since, "application_date": application_date},
          expected)


def test_2_1_1_facts_and_message() -> None:
    result = run({"employment.relation_since": "2016-05-16"})
    (finding,) = result["findings"]
    assert finding["facts"] == {"relation_since": "2016-05-16", "application_date": "2017-05-15",
                                "required_years": 1, "completed_on": "2017-05-16"}
    assert finding["message"] == (
        "与用人单位建立人事（劳动）关系未满1年：关系自2016年5月16日起，至2017年5月16日方满1年，"
        "申报日期为2017年5月15日（桂职办〔2017〕26号 二（一）1）")


def test_2_1_1_does_not_apply_outside_guangxi() -> None:
    check({"employment.unit.in_guangxi": False, "employment.relation_since": "2017-05-01"}, [])


# 二（一）2: unit outside Guangxi: 户口 in Guangxi, or archive hosted ≥ 1 year.
OUT = {"employment.unit.in_guangxi": False, "applicant.hukou_in_guangxi": False}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"applicant.hukou_in_guangxi": True}, []),
        ({}, [("2.1.2", "outside_guangxi_no_tie", B)]),
        ({"applicant.archive_hosted_in_guangxi_since": "2016-05-15"}, []),
        ({"applicant.archive_hosted_in_guangxi_since": "2016-05-14"}, []),
        ({"applicant.archive_hosted_in_guangxi_since": "2016-05-16"},
         [("2.1.2", "archive_hosting_too_short", B)]),
        ({"applicant.archive_hosted_in_guangxi_since": "2017-06-01"},
         [("2.1.2", "outside_guangxi_no_tie", B)]),
        ({"declaration.channel": "entrusted",
          "declaration.approvals": ["home_province_entrustment", "regional_office_approval"]},
         [("2.1.2", "outside_guangxi_entrusted", I)]),
    ],
)
def test_2_1_2_outside_guangxi(changes: dict, expected: list) -> None:
    check(OUT | changes, expected)


# 二（一）3 and the paragraph after it: retirement age by 2016-12-31 / during 2017.
@pytest.mark.parametrize(
    ("born", "sex", "category", "expected"),
    [
        (date(1956, 12, 31), "male", "male_60", [("2.1.4", "retirement_age_before_cutoff", B)]),
        (date(1957, 1, 1), "male", "male_60", [("2.1.3", "retirement_in_year", I)]),
        (date(1957, 12, 31), "male", "male_60", [("2.1.3", "retirement_in_year", I)]),
        (date(1958, 1, 1), "male", "male_60", []),
        (date(1961, 12, 31), "female", "female_55",
         [("2.1.4", "retirement_age_before_cutoff", B)]),
        (date(1962, 1, 1), "female", "female_55", [("2.1.3", "retirement_in_year", I)]),
        (date(1966, 12, 31), "female", "female_50",
         [("2.1.4", "retirement_age_before_cutoff", B)]),
        (date(1967, 1, 1), "female", "female_50", [("2.1.3", "retirement_in_year", I)]),
        (date(1967, 12, 31), "female", "female_50", [("2.1.3", "retirement_in_year", I)]),
        (date(1968, 1, 1), "female", "female_50", []),
    ],
)
def test_2_1_3_and_2_1_4_retirement_boundaries(born: date, sex: str, category: str,
                                              expected: list) -> None:
    changes = person(born, sex) | {"applicant.retirement_category": category}
    result = check(changes, expected)
    if expected:
        assert result["findings"][0]["facts"]["retirement_category"] == category


def test_2_1_4_retired_by_cutoff() -> None:
    check({"applicant.retired_on": "2016-12-31"}, [("2.1.4", "retired_before_cutoff", B)])
    check({"applicant.retired_on": "2017-01-01"}, [("2.1.3", "retirement_in_year", I)])


def test_2_1_4_extension_approved_lifts_the_bar() -> None:
    changes = person(date(1955, 3, 1)) | {"applicant.retirement_extension_approved": True}
    check(changes, [("2.1.4", "retirement_extension_approved", I)])
    check({"applicant.retired_on": "2015-01-01", "applicant.retirement_extension_approved": True},
          [("2.1.4", "retirement_extension_approved", I)])


def test_2_1_3_combined_series_bars_retirement_in_the_year() -> None:
    combined = person(date(1957, 6, 1)) | {"declaration.evaluation_appointment_combined": True}
    check(combined, [("2.1.3", "retirement_in_year_combined_series", B)])
    # Before and after the year the flag changes nothing.
    check(person(date(1958, 1, 1)) | {"declaration.evaluation_appointment_combined": True}, [])
    check(combined | {"applicant.retirement_extension_approved": True},
          [("2.1.3", "retirement_in_year", I)])


def test_2_1_3_combined_series_from_the_policy_parameter() -> None:
    from zhicheng.policy import evaluate, get_policy_set

    ps = get_policy_set("gx-2017").derive(
        "gx-2017-teachers", "测试", values={
            "evaluation_appointment_combined_series": ((date(2017, 1, 1), ("school_teacher",)),)})
    case = make_case(person(date(1957, 6, 1)) | {"declaration.series": "school_teacher"})
    assert triples(evaluate(case, ps)) == [("2.1.3", "retirement_in_year_combined_series", B)]
    assert triples(evaluate(case)) == [("2.1.3", "retirement_in_year", I)]


def test_2_1_3_women_default_to_55_when_the_category_is_absent() -> None:
    born = date(1962, 3, 1)
    result = run({"applicant.id_number": idnumber.compose("450103", born, 124),
                  "applicant.sex": None, "applicant.birth_date": None,
                  "applicant.retirement_category": None})
    assert triples(result) == [("2.1.3", "retirement_in_year", I)]
    assert result["findings"][0]["facts"]["retirement_date"] == "2017-03-01"


# 二（二）1: staff moved out of state organs: no-title up to 副高级 (inclusive).
NO_TITLE = {"declaration.kind": "no_title", "declaration.current_level": None,
            "declaration.approvals": ["series_office_prior_approval"]}


@pytest.mark.parametrize(
    ("level", "from_state_organ", "expected"),
    [
        ("senior", True, [("2.2.1", "no_title_above_state_organ_cap", B)]),
        ("deputy_senior", True, [("2.2.3", "strict_review", I)]),
        ("intermediate", True, []),
        ("senior", False, []),
    ],
)
def test_2_2_1_no_title_cap(level: str, from_state_organ: bool, expected: list) -> None:
    check(NO_TITLE | {"declaration.level": level,
                      "applicant.from_state_organ": from_state_organ}, expected)


# 二（二）2: no level skipping for any kind; 破格 waives education/seniority only.
EXCEPTIONAL = {"declaration.kind": "exceptional",
               "declaration.approvals": ["series_office_prior_approval"],
               "declaration.materials": ["continuing_education_certificate",
                                         "exceptional_conditions_proof"]}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"declaration.level": "senior"}, [("2.2.2", "level_skipping", B)]),
        ({"declaration.current_level": "junior"}, [("2.2.2", "level_skipping", B)]),
        ({"declaration.current_level": None, "declaration.level": "intermediate"},
         [("2.2.2", "level_skipping", B)]),
        ({"declaration.current_level": None, "declaration.level": "junior"}, []),
        ({"declaration.current_level": "deputy_senior"}, []),  # same level
        (EXCEPTIONAL | {"declaration.level": "senior"},
         [("2.2.2", "level_skipping", B), ("2.2.3", "strict_review", I)]),
        (EXCEPTIONAL, [("2.2.3", "strict_review", I)]),
        (EXCEPTIONAL | {"declaration.current_level": "junior", "declaration.level": "intermediate"},
         []),
        ({"declaration.kind": "second_title", "declaration.current_level": "junior"},
         [("2.2.2", "level_skipping", B)]),
        ({"declaration.kind": "probation_confirmation", "declaration.current_level": None,
          "declaration.level": "intermediate"}, []),
        (NO_TITLE | {"declaration.level": "senior"}, []),
        (NO_TITLE | {"declaration.current_level": "junior", "declaration.level": "deputy_senior"},
         [("2.2.2", "level_skipping", B), ("2.2.3", "strict_review", I)]),
    ],
)
def test_2_2_2_no_level_skipping(changes: dict, expected: list) -> None:
    check(changes, expected)


def test_2_2_2_exceptional_message_says_it_is_not_level_skipping() -> None:
    result = run(EXCEPTIONAL | {"declaration.level": "senior"})
    assert result["findings"][0]["message"] == (
        "不得越级申报：现有职称为中级，申报正高级；破格申报为破学历资历，不等同于越级申报"
        "（桂职办〔2017〕26号 二（二）2）")


# 二（二）3: prior approval of the series office for no-title and exceptional.
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (NO_TITLE | {"declaration.approvals": []},
         [("2.2.3", "prior_approval_missing", M), ("2.2.3", "strict_review", I)]),
        (NO_TITLE | {"declaration.level": "intermediate", "declaration.approvals": []},
         [("2.2.3", "prior_approval_missing", M)]),
        (NO_TITLE | {"declaration.level": "intermediate"}, []),
        (EXCEPTIONAL | {"declaration.approvals": []},
         [("2.2.3", "prior_approval_missing", M), ("2.2.3", "strict_review", I),
          ("3.2.4.2", "series_office_prior_approval_missing", M)]),
        (EXCEPTIONAL | {"declaration.current_level": "junior", "declaration.level": "intermediate",
                        "declaration.approvals": []},
         [("2.2.3", "prior_approval_missing", M),
          ("3.2.4.2", "series_office_prior_approval_missing", M)]),
    ],
)
def test_2_2_3_prior_approval(changes: dict, expected: list) -> None:
    check(changes, expected)


# 二（三）: civil servants.
def test_2_3_civil_servant_exactly_as_the_contract_shows() -> None:
    result = run({"applicant.civil_servant": True})
    assert result["eligible"] is False and result["ready"] is False
    assert result["findings"] == [{
        "clause": "2.3", "code": "civil_servant", "severity": "blocking",
        "message": "公务员不得参加专业技术人才职称评审（桂职办〔2017〕26号 二（三））",
        "facts": {"civil_servant": True}}]


def test_2_3_state_organ_unit_without_civil_servant_status_may_apply() -> None:
    check({"employment.unit.type": "state_organ"}, [])


# 三（一）1: via a talent market: archive hosted + unit consent + assessment opinion.
TM = {"declaration.channel": "talent_market",
      "applicant.archive_hosted_in_guangxi_since": "2015-03-01",
      "declaration.approvals": ["unit_consent", "unit_assessment_opinion"]}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"applicant.archive_hosted_in_guangxi_since": None},
         [("3.1.1", "talent_market_without_archive", B)]),
        ({"applicant.archive_hosted_in_guangxi_since": "2017-05-16"},
         [("3.1.1", "talent_market_without_archive", B)]),
        ({"applicant.archive_hosted_in_guangxi_since": "2017-05-15"}, []),
        ({"declaration.approvals": ["unit_assessment_opinion"]},
         [("3.1.1", "unit_consent_missing", M)]),
        ({"declaration.approvals": []},
         [("3.1.1", "unit_consent_missing", M), ("3.1.1", "unit_assessment_opinion_missing", M)]),
    ],
)
def test_3_1_1_talent_market(changes: dict, expected: list) -> None:
    check(TM | changes, expected)


# 三（一）3: central units / branches of out-of-province firms.
BRANCH = {"declaration.channel": "central_or_external_branch",
          "declaration.approvals": ["hq_channel_opinion_filed"]}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"declaration.approvals": []}, [("3.1.3", "hq_channel_opinion_filed_missing", M)]),
        ({"other_declarations_same_year": [
            {"series": "engineering", "level": "deputy_senior", "channel": "unit"}]},
         [("3.1.3", "multiple_channels", B), ("3.1.6", "more_than_one_per_year", B)]),
        ({"other_declarations_same_year": [{"series": "economics", "level": "intermediate"}]},
         [("3.1.3", "multiple_channels", B), ("3.1.6", "more_than_one_per_year", B)]),
    ],
)
def test_3_1_3_one_channel(changes: dict, expected: list) -> None:
    check(BRANCH | changes, expected)


# 三（一）4: entrusted evaluation: senior levels, entrustment + regional approval.
ENTRUSTED = {"declaration.channel": "entrusted",
             "declaration.approvals": ["home_province_entrustment", "regional_office_approval"]}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"declaration.level": "senior", "declaration.current_level": "deputy_senior"}, []),
        ({"declaration.level": "intermediate"}, [("3.1.4", "entrusted_level_not_allowed", B)]),
        ({"declaration.approvals": ["regional_office_approval"]},
         [("3.1.4", "home_province_entrustment_missing", M)]),
        ({"declaration.approvals": []},
         [("3.1.4", "home_province_entrustment_missing", M),
          ("3.1.4", "regional_office_approval_missing", M)]),
    ],
)
def test_3_1_4_entrusted(changes: dict, expected: list) -> None:
    check(ENTRUSTED | changes, expected)


# 三（一）5: branches without legal-person status, except banks and insurers.
@pytest.mark.parametrize(
    ("industry", "expected"),
    [
        ("other", [("3.1.5", "branch_not_legal_person", B)]),
        ("bank", [("3.1.5", "branch_exempt_industry", I)]),
        ("insurance", [("3.1.5", "branch_exempt_industry", I)]),
    ],
)
def test_3_1_5_legal_person(industry: str, expected: list) -> None:
    check({"employment.unit.legal_person": False, "employment.unit.industry": industry}, expected)


def test_3_1_5_bank_with_legal_person_status_has_no_finding() -> None:
    check({"employment.unit.industry": "bank"}, [])


# 三（一）6: one qualification per person per year.
def test_3_1_6_one_per_year() -> None:
    result = check({"other_declarations_same_year": [
        {"series": "economics", "level": "intermediate"}]},
        [("3.1.6", "more_than_one_per_year", B)])
    assert result["findings"][0]["message"] == (
        "同一年度不得申报评审两个以上专业技术资格，本年度另有申报：economics（中级）；"
        "如同一年度申报的，该年度所有评审结果无效（桂职办〔2017〕26号 三（一）6）")


# 三（二）2: continuing education.
@pytest.mark.parametrize(
    ("completed", "materials", "expected"),
    [
        (True, ["continuing_education_certificate"], []),
        (True, [], [("3.2.2", "continuing_education_certificate_missing", M)]),
        (False, [], [("3.2.2", "continuing_education_not_completed", B)]),
        (False, ["continuing_education_certificate"],
         [("3.2.2", "continuing_education_not_completed", B)]),
    ],
)
def test_3_2_2_continuing_education(completed: bool, materials: list, expected: list) -> None:
    check({"declaration.continuing_education_completed": completed,
           "declaration.materials": materials}, expected)


# 三（二）4（1）: non-public organisations: 6 months paid before the application month.
def months(*items: str) -> list[str]:
    return list(items)


SIX = months("2016-11", "2016-12", "2017-01", "2017-02", "2017-03", "2017-04")
NP = {"employment.unit.type": "non_public",
      "declaration.materials": ["continuing_education_certificate", "social_insurance_proof",
                                "business_license"]}


@pytest.mark.parametrize(
    ("application_date", "paid", "expected"),
    [
        ("2017-05-15", SIX, []),
        ("2017-05-01", SIX, []),  # first day of the application month
        ("2017-05-31", SIX, []),  # last day: same window
        ("2017-06-01", SIX, [("3.2.4.1", "social_insurance_too_short", B)]),  # window moves on
        ("2017-05-15", SIX[1:], [("3.2.4.1", "social_insurance_too_short", B)]),  # earliest gap
        ("2017-05-15", SIX[:-1], [("3.2.4.1", "social_insurance_too_short", B)]),  # latest gap
        # The application month does not count in place of the earliest month.
        ("2017-05-15", [*SIX[1:], "2017-05"], [("3.2.4.1", "social_insurance_too_short", B)]),
        ("2017-05-15", ["2016-10", *SIX], []),  # more than six is fine
        ("2017-01-15", months("2016-07", "2016-08", "2016-09", "2016-10", "2016-11", "2016-12"),
         []),  # window across the year end
        ("2017-05-15", [], [("3.2.4.1", "social_insurance_too_short", B)]),
    ],
)
def test_3_2_4_1_six_month_window(application_date: str, paid: list, expected: list) -> None:
    check(NP | {"application_date": application_date,
                "declaration.social_insurance_months": paid}, expected)


def test_3_2_4_1_facts_name_the_gap() -> None:
    result = run(NP | {"declaration.social_insurance_months": SIX[:-1]})
    facts = result["findings"][0]["facts"]
    assert facts["required_months"] == SIX
    assert facts["months_without_payment"] == ["2017-04"]


def test_3_2_4_1_materials() -> None:
    check(NP | {"declaration.social_insurance_months": SIX,
                "declaration.materials": ["continuing_education_certificate"]},
          [("3.2.4.1", "social_insurance_proof_missing", M),
           ("3.2.4.1", "business_license_missing", M)])


def test_3_2_4_1_only_for_non_public() -> None:
    for unit_type in ("public_institution", "state_owned", "state_organ", "non_staff"):
        check({"employment.unit.type": unit_type}, [])


# 三（二）4（2）: exceptional: approval + proof of the conditions.
def test_3_2_4_2_exceptional_proofs() -> None:
    check(EXCEPTIONAL | {"declaration.materials": ["continuing_education_certificate"]},
          [("2.2.3", "strict_review", I), ("3.2.4.2", "exceptional_conditions_proof_missing", M)])


# 三（二）4（3）: proofs under another ID number.
OTHER_ID = idnumber.compose("450103", date(1980, 1, 1), 125)


@pytest.mark.parametrize(
    ("previous", "materials", "expected"),
    [
        (["450103800101123"], [], [("3.2.4.3", "id_standard_upgrade", I)]),
        (["450103198001011233"], [], []),  # the same number
        ([OTHER_ID], [], [("3.2.4.3", "id_change_proof_missing", M)]),
        (["450103800101125"], [], [("3.2.4.3", "id_change_proof_missing", M)]),
        ([OTHER_ID], ["id_change_proof"], [("3.2.4.3", "id_change_proof_on_file", I)]),
        (["450103800101123", OTHER_ID], [],
         [("3.2.4.3", "id_standard_upgrade", I), ("3.2.4.3", "id_change_proof_missing", M)]),
    ],
)
def test_3_2_4_3_id_change(previous: list, materials: list, expected: list) -> None:
    check({"applicant.previous_id_numbers": previous,
           "declaration.materials": ["continuing_education_certificate", *materials]}, expected)


# 七（三）: a date outside the set's period is still decided, with a note.
def test_7_3_outside_period() -> None:
    check({"application_date": "2018-01-02"}, [("7.3", "outside_policy_period", I)])
    check({"application_date": "2017-12-31"}, [])


# 三（二）3: exams per 桂人社发〔2017〕4号 — none by default, configurable with exemptions.
def test_3_2_3_no_exam_by_default() -> None:
    from zhicheng.policy import get_policy_set

    assert get_policy_set("gx-2017").param("exam_requirements").values[0][1] == ()
    check({"declaration.level": "senior", "declaration.current_level": "deputy_senior"}, [])


def _exam_set() -> PolicySet:
    from zhicheng.policy import ExamRequirement, get_policy_set

    req = ExamRequirement(
        exam="foreign_language", name_zh="职称外语", series=("engineering",),
        levels=("deputy_senior", "senior"), certificate="exam_foreign_language_certificate",
        exemptions=("exam_foreign_language_exemption",), exempt_from_age=50)
    return get_policy_set("gx-2017").derive(
        "gx-2017-exams", "测试文号", values={"exam_requirements": ((date(2017, 1, 1), (req,)),)})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, [("3.2.3", "exam_foreign_language_missing", M)]),
        ({"declaration.series": "health"}, []),
        ({"declaration.level": "intermediate", "declaration.current_level": "junior"}, []),
        ({"declaration.materials": ["continuing_education_certificate",
                                    "exam_foreign_language_certificate"]}, []),
        ({"declaration.materials": ["continuing_education_certificate",
                                    "exam_foreign_language_exemption"]}, []),
        # Age exemption: 50 on the application day exempts; the day before does not.
        (person(date(1967, 5, 15)), []),
        (person(date(1967, 5, 16)), [("3.2.3", "exam_foreign_language_missing", M)]),
    ],
)
def test_3_2_3_configured_exam(changes: dict, expected: list) -> None:
    from zhicheng.policy import evaluate

    result = evaluate(make_case(changes), _exam_set())
    assert triples(result) == expected
    if expected:
        assert result["findings"][0]["message"] == (
            "申报副高级应提供职称外语合格证书或免试证明（测试文号 三（二）3）")
