"""Decision records: frozen evaluations that can be re-run."""

from __future__ import annotations

import json
from datetime import date

from zhicheng.policy import ENGINE_VERSION, get_policy_set
from zhicheng.policy.decision import freeze, rerun

from .conftest import make_case


def test_record_contents_and_rerun() -> None:
    case = make_case({"applicant.civil_servant": True})
    record = freeze(case)
    ps = get_policy_set("gx-2017")
    assert record["policy"] == {"id": "gx-2017", "document": "桂职办〔2017〕26号",
                                "hash": ps.hash}
    assert record["engine_version"] == ENGINE_VERSION
    assert record["input"] == case
    assert record["output"]["eligible"] is False
    assert len(record["digest"]) == 64
    # JSON round trip keeps it re-runnable.
    again = json.loads(json.dumps(record, ensure_ascii=False))
    result = rerun(again)
    assert result.matches and result.intact and result.policy_unchanged
    assert result.differences == ()


def test_input_is_copied() -> None:
    case = make_case()
    record = freeze(case)
    case["applicant"]["civil_servant"] = True
    assert rerun(record).matches


def test_a_changed_output_does_not_match() -> None:
    record = freeze(make_case())
    record["output"]["eligible"] = False
    result = rerun(record)
    assert not result.matches
    assert not result.intact
    assert result.differences == ("eligible",)


def test_a_record_under_another_set_reports_the_hash_change() -> None:
    record = freeze(make_case())
    other = get_policy_set("gx-2017").derive(
        "gx-2017-x", "测试", values={"social_insurance_months": ((date(2017, 1, 1), 12),)})
    result = rerun(record, other)
    assert not result.policy_unchanged
    assert not result.matches
    assert "policy_hash" in result.differences


def test_records_under_a_derived_set() -> None:
    other = get_policy_set("gx-2017").derive("gx-2017-y", "测试")
    record = freeze(make_case(), other)
    assert record["policy"]["id"] == "gx-2017-y"
    assert rerun(record, other).matches
