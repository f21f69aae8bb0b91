"""The eligibility engine (zhicheng.policy) applied to a stored declaration."""

import datetime
from dataclasses import dataclass, field

from zhicheng.core.prepared import PreparedQuery
from zhicheng.declarations.domain.sources import approvals_on_file, current_material_codes
from zhicheng.declarations.models import Declaration, State
from zhicheng.policy import decision, engine
from zhicheng.policy.errors import CaseError
from zhicheng.policy.vocab import MATERIALS

# What the applicant must fill in before the engine can decide, by the case field it needs.
FIELD_LABELS = {
    "employment.relation_since": "与现单位建立人事（劳动）关系时间",
    "applicant.id_number": "身份证号码",
}


@dataclass
class Check:
    complete: bool
    missing_fields: list[str] = field(default_factory=list)
    result: dict | None = None
    case: dict | None = None  # what was evaluated, so a submission freezes exactly this

    @property
    def findings(self) -> list[dict]:
        return self.result["findings"] if self.result else []

    @property
    def ready(self) -> bool:
        return bool(self.result and self.result["ready"])

    @property
    def eligible(self) -> bool:
        return bool(self.result and self.result["eligible"])


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _others(id_number: str, year: int, pk: int):
    return (Declaration.objects.filter(id_number=id_number, plan__year=year)
            .exclude(pk=pk).exclude(state__in=State.NOT_DECLARED)
            .select_related("series", "committee"))


def others_same_year(decl: Declaration):
    """The same person's other declarations this year, through any committee (§3.1.6)."""
    return _others(decl.id_number, decl.plan.year, decl.pk)


# Every eligibility check (the form's panel after each autosave) lists them: compiled once.
# (A year is a positive field: a negative sample would be an empty lookup, not a parameter.)
_OTHERS = PreparedQuery(_others, samples=[("sample-1", 2017, -3), ("sample-2", 2018, -4)])


def material_codes(decl: Declaration, slots=None) -> list[str]:
    """Codes of the slots holding a current file that the engine knows (the contract's list;
    other slots, such as the ID card, are checked by the materials catalogue). Given the
    declaration's slots (which carry their current files), no further query is needed."""
    if slots is None:
        codes = current_material_codes(decl)
    else:
        codes = sorted({s.code for s in slots if s.files})
    return [c for c in codes if c in MATERIALS]


def build_case(decl: Declaration, application_date: datetime.date, slots=None) -> dict:
    """The case in the public format of ../shared/spec/eligibility-case.md."""
    unit = decl.unit
    applicant = {
        "id_number": decl.id_number,
        "civil_servant": decl.civil_servant,
        "retired_on": _iso(decl.retired_on),
        "retirement_extension_approved": decl.retirement_extension_approved,
        "hukou_in_guangxi": decl.hukou_in_guangxi,
        "archive_hosted_in_guangxi_since": _iso(decl.archive_hosted_since),
        "previous_id_numbers": list(decl.previous_id_numbers or []),
        "from_state_organ": decl.from_state_organ,
    }
    if decl.retirement_category:
        applicant["retirement_category"] = decl.retirement_category
    declaration = {
        "series": decl.series.code,
        "evaluation_appointment_combined": decl.series.evaluation_appointment_combined,
        "level": decl.level,
        "current_level": decl.current_level or None,
        "kind": decl.kind,
        "channel": decl.channel,
        # Only approvals recorded by the deciding office count (issue 5 §5); what the
        # applicant typed in is a reference for that office, not an approval.
        "approvals": sorted(approvals_on_file(decl)),
        "materials": material_codes(decl, slots),
        "continuing_education_completed": decl.continuing_education_completed,
        "social_insurance_months": sorted(decl.social_insurance_months or []),
    }
    if decl.specialty_id:
        declaration["specialty"] = decl.specialty.code
    return {
        "policy": decl.plan.policy_code,
        "application_date": application_date.isoformat(),
        "applicant": applicant,
        "employment": {
            "unit": {"name": unit.name, "type": unit.unit_type, "in_guangxi": unit.in_guangxi,
                     "legal_person": unit.legal_person, "industry": unit.industry},
            "relation_since": _iso(decl.relation_since),
        },
        "declaration": declaration,
        "other_declarations_same_year": [
            {"series": o.series.code, "level": o.level, "channel": o.channel}
            for o in _OTHERS.list(decl.id_number, decl.plan.year, decl.pk)
        ],
    }


def _missing(decl: Declaration) -> list[str]:
    missing = []
    if decl.relation_since is None:
        missing.append(FIELD_LABELS["employment.relation_since"])
    return missing


def check(decl: Declaration, application_date: datetime.date, slots=None) -> Check:
    missing = _missing(decl)
    if missing:
        return Check(complete=False, missing_fields=missing)
    case = build_case(decl, application_date, slots)
    try:
        return Check(complete=True, result=engine.evaluate(case), case=case)
    except CaseError as exc:
        return Check(complete=False, missing_fields=[str(exc)])


def freeze(check: Check) -> dict:
    """The decision record stored with a submission (policy set id + hash, input, output),
    of the very case the submission was checked on."""
    return decision.freeze(check.case)


