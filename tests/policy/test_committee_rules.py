"""人社部令第40号 as dated parameters (set mohrss-40) and the committee arithmetic."""

import hashlib
from datetime import date

import pytest

from zhicheng.policy import committee as c
from zhicheng.policy import get_policy_set, policy_ids
from zhicheng.policy.policyset import canonical_json

D2017 = date(2017, 5, 20)
D2020 = date(2020, 5, 20)


def test_the_set_is_registered_dated_and_hashed() -> None:
    ps = get_policy_set("mohrss-40")
    assert "mohrss-40" in policy_ids()
    assert (ps.document, ps.title, ps.issued) == ("人社部令第40号", "职称评审管理暂行规定",
                                                   date(2019, 7, 1))
    assert ps.rules == ()
    assert ps.hash == hashlib.sha256(canonical_json(ps.canonical()).encode()).hexdigest()
    assert ps.param("pass_fraction").values == ((date(1986, 1, 1), (2, 3)),
                                                (date(2019, 9, 1), (2, 3)))
    # Unverified article numbers are said so in the content itself (and so in the hash).
    for p in ps.params:
        assert "未能对照原文核实" in p.source, p.name
    assert ps.param("quorum_fraction").clause == "人社部令第40号 第二十四条"
    assert ps.param("max_term_years").clause == "人社部令第40号 第十四条"


@pytest.mark.parametrize(("present", "needed"), [
    (25, 17), (24, 16), (23, 16), (17, 12), (11, 8), (10, 7), (9, 6), (3, 2), (1, 1)])
def test_pass_needed_is_inclusive_two_thirds(present: int, needed: int) -> None:
    assert c.pass_needed(present) == needed
    assert c.passes(needed, present)
    assert not c.passes(needed - 1, present)


def test_17_of_25_passes_16_does_not() -> None:
    assert c.passes(17, 25) and not c.passes(16, 25)


@pytest.mark.parametrize(("members", "needed"), [(25, 17), (27, 18), (11, 8), (15, 10), (5, 4)])
def test_quorum_needed(members: int, needed: int) -> None:
    assert c.quorum_needed(members) == needed
    assert c.has_quorum(needed, members)
    assert not c.has_quorum(needed - 1, members)


def test_non_positive_counts_are_errors() -> None:
    with pytest.raises(ValueError):
        c.pass_needed(0)
    with pytest.raises(ValueError):
        c.quorum_needed(0)


@pytest.mark.parametrize(("n", "kind", "ok"), [
    (25, c.SERIES, True), (23, c.SERIES, False), (26, c.SERIES, False), (27, c.SERIES, True),
    (11, c.SPECIALTY, True), (9, c.SPECIALTY, False), (12, c.SPECIALTY, False),
    (7, c.SESSION, True), (8, c.SESSION, False), (1, c.SESSION, True)])
def test_valid_committee_size(n: int, kind: str, ok: bool) -> None:
    assert c.valid_committee_size(n, kind) is ok


def test_unknown_kind() -> None:
    with pytest.raises(ValueError):
        c.valid_committee_size(25, "junior")


def test_terms_ballot_and_absence() -> None:
    assert c.max_term_years() == 3
    assert c.secret_ballot() is True
    assert c.absent_may_vote() is False


def test_a_2017_session_uses_the_pre_2019_values_and_says_so() -> None:
    assert c.pass_needed(25, D2017) == 17
    assert c.quorum_needed(25, D2017) == 17
    assert c.max_term_years(D2017) == 3
    assert c.basis("pass_fraction", D2017) == "1986年职称改革以来的评审规则（人社部令第40号施行前）"
    assert c.basis("pass_fraction", D2020) == "《职称评审管理暂行规定》（人社部令第40号）第二十五条"
    assert c.basis("quorum_fraction", date(2019, 9, 1)).endswith("第二十四条")
    assert c.basis("quorum_fraction", date(2019, 8, 31)).endswith("施行前）")


def test_gx_2017_is_unchanged() -> None:
    # The committee rules are their own set: the eligibility set's hash did not move.
    from tests.policy.test_policyset import GX_2017_HASH
    assert get_policy_set("gx-2017").hash == GX_2017_HASH
