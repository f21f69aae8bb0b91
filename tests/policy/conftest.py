"""Shared helpers for the eligibility-engine tests (no Django needed)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from zhicheng.policy import evaluate, idnumber

# The contract's example (eligibility-case.md): decided eligible and ready, no findings.
EXAMPLE: dict[str, Any] = {
    "policy": "gx-2017",
    "application_date": "2017-05-15",
    "applicant": {
        "id_number": "450103198001011233",
        "sex": "male",
        "birth_date": "1980-01-01",
        "retirement_category": "male_60",
        "civil_servant": False,
        "retired_on": None,
        "retirement_extension_approved": False,
        "hukou_in_guangxi": True,
        "archive_hosted_in_guangxi_since": None,
        "previous_id_numbers": [],
        "from_state_organ": False,
    },
    "employment": {
        "unit": {
            "name": "南宁市某设计院",
            "type": "public_institution",
            "in_guangxi": True,
            "legal_person": True,
            "industry": "other",
        },
        "relation_since": "2010-07-01",
    },
    "declaration": {
        "series": "engineering",
        "evaluation_appointment_combined": False,
        "level": "deputy_senior",
        "current_level": "intermediate",
        "kind": "regular",
        "channel": "unit",
        "approvals": [],
        "materials": ["continuing_education_certificate"],
        "continuing_education_completed": True,
        "social_insurance_months": [],
    },
    "other_declarations_same_year": [],
}

DELETE = object()


def make_case(changes: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    """The example with changes by dotted path: {"applicant.civil_servant": True}.

    Keyword form uses `__` for dots. A value of DELETE removes the field."""
    data = copy.deepcopy(EXAMPLE)
    items = dict(changes or {})
    items.update({k.replace("__", "."): v for k, v in kw.items()})
    for path, value in items.items():
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[key]
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return data


def person(born: date, sex: str = "male", region: str = "450103") -> dict[str, Any]:
    """Applicant changes for someone born on `born` (a valid ID number, sex and birth date)."""
    order = 123 if sex == "male" else 124
    return {
        "applicant.id_number": idnumber.compose(region, born, order),
        "applicant.sex": sex,
        "applicant.birth_date": born.isoformat(),
        "applicant.retirement_category": "male_60" if sex == "male" else "female_55",
    }


def triples(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f["clause"], f["code"], f["severity"]) for f in result["findings"]]


def run(changes: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    return evaluate(make_case(changes, **kw))


@pytest.fixture
def example() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE)
