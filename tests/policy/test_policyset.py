"""Policy sets: versioned, hashed, immutable; a later notice is a new set."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from zhicheng.policy import get_policy_set, policy_ids
from zhicheng.policy.policyset import Param, UnknownPolicy, canonical_json
from zhicheng.policy.registry import register
from zhicheng.policy.rules import RULES, resolve

# Pinned on purpose: any change to gx-2017's content must show up here (and be a new set).
GX_2017_HASH = "71fd1cf0e2f7561b238859d97b305321b3777c8b71302afc0c6acb48b3d54960"

# Clause IDs of clauses.md that parameters may cite.
CLAUSES = {"2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.2.2", "2.2.3", "2.3", "3.1.1",
           "3.1.2", "3.1.3", "3.1.4", "3.1.5", "3.1.6", "3.2.1", "3.2.2", "3.2.3", "3.2.4.1",
           "3.2.4.2", "3.2.4.3", "7.3"}


def test_gx_2017_identity() -> None:
    ps = get_policy_set("gx-2017")
    assert "gx-2017" in policy_ids()
    assert (ps.id, ps.document, ps.issued) == ("gx-2017", "桂职办〔2017〕26号", date(2017, 3, 18))
    assert (ps.effective_from, ps.effective_to) == (date(2017, 1, 1), date(2017, 12, 31))
    assert ps.hash == GX_2017_HASH


def test_parameters_from_the_notice() -> None:
    p = get_policy_set("gx-2017").params_on(date(2017, 5, 15))
    assert p["min_relation_years"] == 1
    assert p["social_insurance_months"] == 6
    assert p["no_title_state_organ_level_cap"] == "deputy_senior"
    assert p["entrusted_levels"] == ("deputy_senior", "senior")
    assert p["retirement_cutoff"] == date(2016, 12, 31)
    assert p["evaluation_appointment_combined_series"] == ()
    assert p["exam_requirements"] == ()


def test_every_parameter_cites_a_clause() -> None:
    ps = get_policy_set("gx-2017")
    assert {p.clause for p in ps.params} <= CLAUSES
    assert ps.param("social_insurance_months").clause == "3.2.4.1"
    assert ps.param("min_relation_years").clause == "2.1.1"
    assert ps.param("exam_requirements").source == "桂人社发〔2017〕4号"


def test_every_rule_is_implemented() -> None:
    ps = get_policy_set("gx-2017")
    assert len(resolve(ps.rules)) == len(ps.rules)
    assert set(ps.rules) <= set(RULES)


def test_hash_is_sha256_of_the_canonical_json() -> None:
    import hashlib

    ps = get_policy_set("gx-2017")
    text = canonical_json(ps.canonical())
    assert hashlib.sha256(text.encode()).hexdigest() == ps.hash
    assert '"social_insurance_months":{"clause":"3.2.4.1"' in text
    assert '"rules":["2.1.1/relation-in-guangxi@1"' in text


def test_a_later_notice_is_a_new_set_and_the_old_one_is_unchanged() -> None:
    old = get_policy_set("gx-2017")
    new = old.derive("gx-2018", "桂职办〔2018〕99号",
                     values={"social_insurance_months": ((date(2018, 1, 1), 12),)},
                     effective_from=date(2018, 1, 1), effective_to=date(2018, 12, 31))
    assert new.hash != old.hash
    assert old.hash == GX_2017_HASH
    assert get_policy_set("gx-2017") is old
    assert old.params_on(date(2017, 5, 15))["social_insurance_months"] == 6
    assert new.params_on(date(2018, 5, 15))["social_insurance_months"] == 12
    assert new.derived_from == "gx-2017"
    with pytest.raises(dataclasses.FrozenInstanceError):
        old.id = "changed"  # type: ignore[misc]


def test_same_content_same_hash() -> None:
    old = get_policy_set("gx-2017")
    again = old.derive("gx-2017", old.document)
    assert again.hash == old.hash
    register(again)  # re-registering identical content is allowed
    with pytest.raises(ValueError, match="already registered"):
        register(old.derive("gx-2017", "另一个文号"))


def test_unknown_parameter_and_policy() -> None:
    with pytest.raises(KeyError):
        get_policy_set("gx-2017").derive("x", "y", values={"no_such": ((date(2017, 1, 1), 1),)})
    with pytest.raises(UnknownPolicy):
        get_policy_set("gx-1999")


def test_dated_values() -> None:
    param = Param("social_insurance_months", "3.2.4.1",
                  ((date(2017, 1, 1), 6), (date(2017, 7, 1), 12)))
    assert param.at(date(2016, 12, 31)) == 6
    assert param.at(date(2017, 6, 30)) == 6
    assert param.at(date(2017, 7, 1)) == 12
    assert param.at(date(2020, 1, 1)) == 12


def test_a_dated_change_within_the_year_applies_from_its_day() -> None:
    from zhicheng.policy import evaluate

    from .conftest import make_case, triples

    ps = get_policy_set("gx-2017").derive(
        "gx-2017-mid", "测试", values={"min_relation_years": (
            (date(2017, 1, 1), 1), (date(2017, 7, 1), 2))})
    before = make_case({"employment.relation_since": "2016-01-01",
                        "application_date": "2017-06-30"})
    after = make_case({"employment.relation_since": "2016-01-01",
                       "application_date": "2017-07-01"})
    assert triples(evaluate(before, ps)) == []
    assert triples(evaluate(after, ps)) == [("2.1.1", "relation_too_short", "blocking")]
