"""The engine's fast paths (issue 10) give exactly what the long ways give.

`parse_case` first tries `_parse_valid` (valid cases in canonical form) and hands
anything else to `_parse_checked`; findings are built through their slots;
`evaluate` builds its dict without the Result; the batch writes the same bytes as
single-case runs. Each is compared here with the way it replaces.
"""

from __future__ import annotations

import copy
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest

from zhicheng.policy import CaseError, Finding, evaluate, evaluate_case
from zhicheng.policy.case import _parse_checked, _parse_valid, parse_case
from zhicheng.policy.cli import main
from zhicheng.policy.engine import result_dict
from zhicheng.policy.findings import new_finding
from zhicheng.policy.generate import make_case

CASES = [make_case(random.Random(seed)) for seed in range(600)]

# Values that are wrong (or unusual but valid) somewhere in a case.
ODD_VALUES: list[Any] = [
    None, True, False, 0, 1.5, "", "x", "2017-02-30", "2017-13", "2017-05", "1980-01-01", [],
    {}, ["x"], [1], "junior", "bank", "unit", "male", "female", "female_50", "male_60",
    "450103198001011233", "45010319800101123x", " 450103198001011233", "450103800101123",
    "９", "2017-05-15", "gx-2017", "mohrss-40", {"series": "x", "level": "junior"},
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else ()
    for key, child in items:
        out.append((*prefix, key))
        out += _paths(child, (*prefix, key))
    return out


def _mutated(rng: random.Random) -> dict[str, Any]:
    case = copy.deepcopy(rng.choice(CASES))
    path = rng.choice(_paths(case))
    parent = case
    for key in path[:-1]:
        parent = parent[key]
    if isinstance(parent, dict) and rng.random() < 0.25:
        del parent[path[-1]]
    else:
        parent[path[-1]] = rng.choice(ODD_VALUES)
    return case


def _outcome(parse: Any, case: Any) -> Any:
    try:
        parsed, ps = parse(case, None)
    except CaseError as exc:
        return ("error", str(exc))
    return ("case", tuple(parsed), tuple(map(type, parsed)), ps.id)


def test_generated_cases_take_the_fast_path_and_parse_the_same() -> None:
    for case in CASES:
        # _parse_valid raises (not CaseError) if it would hand the case on.
        assert _outcome(_parse_valid, case) == _outcome(_parse_checked, case)


def test_fast_path_never_accepts_what_the_checked_path_rejects() -> None:
    rng = random.Random(10)
    for _ in range(3000):
        case = _mutated(rng)
        checked = _outcome(_parse_checked, case)
        assert _outcome(parse_case, case) == checked
        try:
            fast = _parse_valid(case, None)
        except Exception:  # handed on: fine, parse_case gave the checked outcome above
            continue
        assert checked == ("case", tuple(fast[0]), tuple(map(type, fast[0])), fast[1].id)


def test_non_canonical_but_valid_ids_still_parse() -> None:
    case = copy.deepcopy(CASES[0])
    number = case["applicant"]["id_number"]
    case["applicant"]["id_number"] = f" {number[:6]} {number[6:].lower()} "
    parsed, _ = parse_case(case)
    assert parsed.id_number == number


def test_new_finding_is_a_finding() -> None:
    facts = {"a": 1}
    made = new_finding("2.3", "civil_servant", "blocking", "m", facts)
    assert type(made) is Finding
    assert made == Finding("2.3", "civil_servant", "blocking", "m", facts)
    assert repr(made) == repr(Finding("2.3", "civil_servant", "blocking", "m", facts))
    assert made.facts is facts
    with pytest.raises(AttributeError):
        made.code = "x"  # type: ignore[misc]


def test_result_dict_is_the_results_to_dict() -> None:
    for case in CASES:
        parsed, ps = parse_case(case)
        assert result_dict(parsed, ps) == evaluate_case(parsed, ps).to_dict() == evaluate(case)


def test_batch_output_is_byte_identical_to_single_case_runs(tmp_path: Path) -> None:
    lines = [json.dumps(case, ensure_ascii=False) for case in CASES]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["--batch", str(path)], stdout=out) == 0
    batch = out.getvalue().splitlines()
    assert len(batch) == len(CASES)
    for line, case, result in zip(lines, CASES, batch, strict=True):
        # The contract's compact JSON of the in-process result …
        assert result == json.dumps(evaluate(case), ensure_ascii=False)
        # … and what the single-case command prints (indented) says the same.
        single = io.StringIO()
        assert main(["-"], stdin=io.StringIO(line), stdout=single) == 0
        assert json.loads(single.getvalue()) == json.loads(result)
