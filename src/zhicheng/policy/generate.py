"""Random valid eligibility cases (contract format), for property tests and the benchmark.

Values are drawn so that every rule of gx-2017 fires in a fair share of cases.
Deterministic for a given `random.Random`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from . import idnumber, vocab
from .dates import month_index, month_str

REGIONS = ("450103", "450202", "450305", "110101", "440106", "520102", "330106")
SERIES = ("engineering", "health", "school_teacher", "economics", "agriculture", "zz_unknown")


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _pick(rng: random.Random, choices: tuple[str, ...], k_max: int) -> list[str]:
    return rng.sample(choices, rng.randint(0, min(k_max, len(choices))))


def make_id(rng: random.Random, born: date, sex: str) -> str:
    order = rng.randrange(0, 1000)
    if (order % 2 == 1) != (sex == "male"):
        order = order - 1 if order else 1
    return idnumber.compose(rng.choice(REGIONS), born, order)


def make_case(rng: random.Random) -> dict[str, Any]:
    application = _day(rng, date(2017, 1, 1), date(2017, 12, 31))
    # Births around the 2016/2017 retirement cut-offs for a share of cases.
    born = _day(rng, date(1950, 1, 1), date(1995, 12, 31))
    sex = rng.choice(vocab.SEXES)
    id_number = make_id(rng, born, sex)
    category = "male_60" if sex == "male" else rng.choice(("female_55", "female_50"))
    applicant: dict[str, Any] = {
        "id_number": id_number,
        "civil_servant": rng.random() < 0.05,
        "retired_on": None,
        "retirement_extension_approved": rng.random() < 0.1,
        "hukou_in_guangxi": rng.random() < 0.8,
        "archive_hosted_in_guangxi_since": (
            _day(rng, date(2010, 1, 1), date(2017, 12, 31)).isoformat()
            if rng.random() < 0.4
            else None
        ),
        "previous_id_numbers": [],
        "from_state_organ": rng.random() < 0.1,
    }
    if rng.random() < 0.5:
        applicant["sex"] = sex
    if rng.random() < 0.5:
        applicant["birth_date"] = born.isoformat()
    if rng.random() < 0.6:
        applicant["retirement_category"] = category
    if rng.random() < 0.05:
        applicant["retired_on"] = _day(rng, date(2010, 1, 1), application).isoformat()
    roll = rng.random()
    if roll < 0.1 and born.year < 2000:
        old = id_number[:6] + id_number[8:17]
        applicant["previous_id_numbers"] = [old]
    elif roll < 0.15:
        applicant["previous_id_numbers"] = [make_id(rng, born, sex)]
    this_month = month_index(application)
    paid = [m for m in range(this_month - 8, this_month + 1) if rng.random() < 0.9]
    level = rng.choice(vocab.LEVELS)
    rank = vocab.LEVEL_RANK[level]
    current = rng.choice((None, *vocab.LEVELS[: max(rank, 1)]))
    materials = _pick(rng, vocab.MATERIALS, 5)
    if rng.random() < 0.7 and "continuing_education_certificate" not in materials:
        materials.append("continuing_education_certificate")
    return {
        "policy": "gx-2017",
        "application_date": application.isoformat(),
        "applicant": applicant,
        "employment": {
            "unit": {
                "name": "某单位",
                "type": rng.choice(vocab.UNIT_TYPES),
                "in_guangxi": rng.random() < 0.85,
                "legal_person": rng.random() < 0.9,
                "industry": rng.choice(vocab.INDUSTRIES),
            },
            "relation_since": _day(rng, date(2000, 1, 1), application).isoformat(),
        },
        "declaration": {
            "series": rng.choice(SERIES),
            "evaluation_appointment_combined": rng.random() < 0.2,
            "level": level,
            "current_level": current,
            "kind": rng.choice(vocab.KINDS),
            "channel": rng.choice(vocab.CHANNELS),
            "approvals": _pick(rng, vocab.APPROVALS, 6),
            "materials": materials,
            "continuing_education_completed": rng.random() < 0.9,
            "social_insurance_months": [month_str(m) for m in paid],
        },
        "other_declarations_same_year": [
            {
                "series": rng.choice(SERIES),
                "level": rng.choice(vocab.LEVELS),
                "channel": rng.choice(vocab.CHANNELS),
            }
            for _ in range(rng.choice((0, 0, 0, 0, 0, 0, 1, 2)))
        ],
    }
