"""Property tests (hypothesis) over ID numbers, retirement dates and generated cases."""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhicheng.policy import CaseError, clause_label, evaluate, get_policy_set, idnumber
from zhicheng.policy.decision import freeze, rerun
from zhicheng.policy.generate import make_case as random_case
from zhicheng.policy.retirement import CATEGORIES, retirement_age_months, retirement_date

from .conftest import DELETE, EXAMPLE, make_case

CAPS = {"male_60": 63 * 12, "female_55": 58 * 12, "female_50": 55 * 12}
BASE = {"male_60": 60 * 12, "female_55": 55 * 12, "female_50": 50 * 12}
CJK = re.compile(r"[\u4e00-\u9fff]")
PS = get_policy_set("gx-2017")
RULE_ORDER = [r.split("/")[0] for r in PS.rules]

regions = st.builds(lambda p, rest: p + f"{rest:04d}",
                    st.sampled_from(sorted(idnumber.PROVINCES)), st.integers(0, 9999))
births = st.dates(date(1900, 1, 1), date(2099, 12, 31))
orders = st.integers(0, 999)


@given(regions, births, orders)
def test_generated_ids_validate_and_derive(region: str, born: date, order: int) -> None:
    number = idnumber.compose(region, born, order)
    assert idnumber.validate18(number) == number
    assert idnumber.birth_date(number) == born
    assert idnumber.sex(number) == ("male" if order % 2 else "female")
    assert idnumber.normalise(number) == number


@given(regions, st.dates(date(1900, 1, 1), date(1999, 12, 31)), orders)
def test_15_digit_round_trip(region: str, born: date, order: int) -> None:
    number = idnumber.compose(region, born, order)
    old = number[:6] + number[8:17]
    assert idnumber.validate(old) == old
    assert idnumber.upgrade(old) == number
    assert idnumber.normalise(old) == idnumber.normalise(number) == number
    assert idnumber.is_upgrade(old, number)
    assert idnumber.birth_date(old) == born


@given(regions, births, orders, st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_error_is_caught(region: str, born: date, order: int,
                                          pos: int, delta: int) -> None:
    number = idnumber.compose(region, born, order)
    wrong = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1:]
    with pytest.raises(idnumber.IdNumberError):
        idnumber.validate18(wrong)


@given(st.sampled_from(CATEGORIES), st.dates(date(1930, 1, 1), date(2010, 12, 31)),
       st.integers(0, 20000))
def test_retirement_never_decreases_and_stays_within_caps(category: str, born: date,
                                                          later_by: int) -> None:
    later = born + timedelta(days=later_by)
    assert retirement_date(born, category) <= retirement_date(later, category)
    months = retirement_age_months(born, category)
    assert BASE[category] <= months <= CAPS[category]
    assert retirement_age_months(born, category) <= retirement_age_months(later, category)


def _check_result(result: dict[str, Any]) -> None:
    severities = [f["severity"] for f in result["findings"]]
    assert result["eligible"] == ("blocking" not in severities)
    assert result["ready"] == (result["eligible"] and "missing" not in severities)
    if result["eligible"]:
        assert "blocking" not in severities
    if result["ready"]:
        assert result["eligible"]
    positions = [RULE_ORDER.index(next(r for r in RULE_ORDER if f["clause"] in r.split("-")
                                       or r == f["clause"])) for f in result["findings"]]
    assert positions == sorted(positions)  # stable order: the set's rule (clause) order
    for f in result["findings"]:
        assert set(f) == {"clause", "code", "severity", "message", "facts"}
        assert f["severity"] in ("blocking", "missing", "info")
        assert CJK.search(f["message"])
        assert f["message"].endswith(f"（桂职办〔2017〕26号 {clause_label(f['clause'])}）")
        assert re.fullmatch(r"[a-z0-9_]+", f["code"])
        json.dumps(f["facts"])


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_generated_cases_are_consistent(rng: random.Random) -> None:
    result = evaluate(random_case(rng))
    _check_result(result)


def test_messages_over_many_cases() -> None:
    rng = random.Random(2017)
    seen: set[tuple[str, str]] = set()
    for _ in range(3000):
        result = evaluate(random_case(rng))
        _check_result(result)
        seen.update((f["clause"], f["code"]) for f in result["findings"])
    # The generator reaches every clause the engine checks.
    assert {c for c, _ in seen} == {
        "2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.2.2", "2.2.3", "2.3", "3.1.1", "3.1.3",
        "3.1.4", "3.1.5", "3.1.6", "3.2.2", "3.2.4.1", "3.2.4.2", "3.2.4.3"}


@settings(max_examples=50, deadline=None)
@given(st.randoms(use_true_random=False))
def test_records_rerun_identically(rng: random.Random) -> None:
    record = freeze(random_case(rng))
    assert rerun(json.loads(json.dumps(record))).matches


def _leaves(node: Any, prefix: str = "") -> list[str]:
    out = []
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out += _leaves(value, path + ".")
        out.append(path)
    return out


OPTIONAL = {"applicant.sex", "applicant.birth_date", "applicant.retirement_category",
            "employment.unit.name"}


@pytest.mark.parametrize("path", _leaves(EXAMPLE))
def test_every_field_but_the_optional_ones_is_required(path: str) -> None:
    case = make_case({path: DELETE})
    if path in OPTIONAL:
        assert evaluate(case)["eligible"] is True
    else:
        with pytest.raises(CaseError) as exc:
            evaluate(case)
        assert (exc.value.field, exc.value.reason) == (path, "missing field")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_leaves(EXAMPLE)), json_values)
def test_any_value_anywhere_is_a_decision_or_a_case_error(path: str, value: Any) -> None:
    try:
        result = evaluate(make_case({path: value}))
    except CaseError as exc:
        assert exc.field.split("[")[0].startswith(path.split(".")[0])
        assert "\n" not in str(exc)
    else:
        _check_result(result)
