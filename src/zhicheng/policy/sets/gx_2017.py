"""桂职办〔2017〕26号: the 2017 Guangxi professional-title evaluation notice.

Each parameter carries the clause it implements (clauses.md IDs). Values are
dated from the start of the 2017 evaluation year; a change within the year
would be a second dated value, a later year's notice a new set.
"""

from datetime import date

from ..policyset import Param, PolicySet

Y2017 = date(2017, 1, 1)
DOCUMENT = "桂职办〔2017〕26号"


def _p(name: str, clause: str, value: object, source: str = "") -> Param:
    return Param(name, clause, ((Y2017, value),), source)


GX_2017 = PolicySet(
    id="gx-2017",
    document=DOCUMENT,
    title="关于开展2017年度广西专业技术资格评审工作有关问题的通知",
    issued=date(2017, 3, 18),
    effective_from=Y2017,
    effective_to=date(2017, 12, 31),
    params=(
        _p("min_relation_years", "2.1.1", 1),
        _p("min_archive_hosting_years", "2.1.2", 1),
        _p(
            "retirement_schedule",
            "2.1.3",
            "cn-npc-2024-09-13",
            "国发〔1978〕104号; 全国人大常委会关于实施渐进式延迟法定退休年龄的决定（2024-09-13）",
        ),
        # Reaching retirement age inside this window still allows a declaration (§2.1.3) …
        _p("retirement_window", "2.1.3", (date(2017, 1, 1), date(2017, 12, 31))),
        # … reaching it (or retiring) on or before this day does not (§2.1.4).
        _p("retirement_cutoff", "2.1.4", date(2016, 12, 31)),
        # The notice names no series; offices list theirs (the case's own flag also counts).
        _p("evaluation_appointment_combined_series", "2.1.3", ()),
        _p("no_title_state_organ_level_cap", "2.2.1", "deputy_senior"),
        _p("prior_approval_kinds", "2.2.3", ("no_title", "exceptional")),
        _p("strict_review_no_title_levels", "2.2.3", ("deputy_senior",)),
        _p("strict_review_exceptional_levels", "2.2.3", ("deputy_senior", "senior")),
        _p("civil_servants_excluded", "2.3", True, "中办发〔2016〕77号"),
        _p("entrusted_levels", "3.1.4", ("deputy_senior", "senior")),
        _p("branch_exempt_industries", "3.1.5", ("bank", "insurance")),
        _p("max_qualifications_per_year", "3.1.6", 1),
        _p("continuing_education_required", "3.2.2", True),
        # 桂人社发〔2017〕4号 is not in our hands: no exam is required until an office
        # configures ExamRequirement entries in a derived set.
        _p("exam_requirements", "3.2.3", (), "桂人社发〔2017〕4号"),
        _p("social_insurance_months", "3.2.4.1", 6),
        _p("social_insurance_unit_types", "3.2.4.1", ("non_public",)),
    ),
    rules=(
        "2.1.1/relation-in-guangxi@1",
        "2.1.2/outside-guangxi-tie@1",
        "2.1.3-2.1.4/retirement@1",
        "2.2.1/no-title-cap@1",
        "2.2.2/no-level-skipping@1",
        "2.2.3/prior-approval@1",
        "2.3/civil-servant@1",
        "3.1.1/talent-market@1",
        "3.1.3/branch-channel@1",
        "3.1.4/entrusted@1",
        "3.1.5/legal-person@1",
        "3.1.6/one-per-year@1",
        "3.2.2/continuing-education@1",
        "3.2.3/exams@1",
        "3.2.4.1/non-public-proofs@1",
        "3.2.4.2/exceptional-proofs@1",
        "3.2.4.3/id-change@1",
        "7.3/period@1",
    ),
)
