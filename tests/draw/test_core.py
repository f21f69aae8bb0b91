"""The expert draw of draw.md: commitment, seed, selection, reserves, replacements, and a
verify that names the first thing that does not re-derive."""

import copy
import hashlib
import json

import pytest

from draw.inspector import rederive
from zhicheng.draw import DrawFailed, InvalidInput, canonical, compute, rank, verify

SECRET = "0f" * 32
WITNESS = "37 12 05 88"
GROUPS = {"civil": 9, "structure": 8, "survey": 8}


def expert(n: int, group: str, unit: int, *, external=False, city="450100") -> dict:
    return {"id": f"E{n:06d}", "group": group, "unit": f"U{unit:03d}", "city": city,
            "external": external}


def pool() -> list[dict]:
    """60 experts over three groups and 15 units; every fifth comes from outside the area."""
    names = list(GROUPS)
    return [expert(n, names[n % 3], n % 15, external=n % 5 == 0,
                   city="450200" if n % 5 == 0 else "450100") for n in range(1, 61)]


def draw_input(**req) -> dict:
    requirements = {"size": 25, "groups": dict(GROUPS), "max_per_unit": 2, "min_external": 3,
                    "reserves": 2} | req
    return {"format": "zhicheng-draw/1", "session": "eng-senior-2017-1",
            "inputs": {"pool": pool(), "excluded": [
                {"id": "E000003", "reason": "same_unit", "detail": "与申报人 张伟 同单位"},
                {"id": "E000010", "reason": "declared_conflict",
                 "detail": "师生关系，主任委员确认"},
            ], "requirements": requirements},
            "server_secret": SECRET, "witness": WITNESS}


def test_canonical_json_is_draw_md_s():
    assert canonical({"b": [1, True], "a": "张"}) == '{"a":"张","b":[1,true]}'.encode()


def test_compute_commits_seeds_and_selects_as_an_inspector_rederives():
    record = compute(draw_input())
    inputs_sha = hashlib.sha256(canonical(record["inputs"])).hexdigest()
    assert record["inputs_sha256"] == inputs_sha
    assert record["commitment"] == hashlib.sha256(bytes.fromhex(SECRET)).hexdigest()
    assert record["seed"] == hashlib.sha256(
        bytes.fromhex(SECRET) + WITNESS.encode() + bytes.fromhex(inputs_sha)).hexdigest()
    members, reserves = rederive(record)
    assert record["members"] == members and record["reserves"] == reserves
    assert len(members) == 25 and {g: len(r) for g, r in reserves.items()} == {
        "civil": 2, "structure": 2, "survey": 2}
    by_id = {e["id"]: e for e in pool()}
    assert "E000003" not in members and "E000010" not in members
    chosen = [by_id[m] for m in members]
    assert {g: sum(e["group"] == g for e in chosen) for g in GROUPS} == GROUPS
    assert max(sum(e["unit"] == u for e in chosen) for u in {e["unit"] for e in chosen}) <= 2
    # Pass 1 takes the external minimum first, in rank order.
    assert [by_id[m]["external"] for m in members[:3]] == [True, True, True]
    assert record["replacements"] == []


def test_the_order_is_the_hash_rank():
    record = compute(draw_input(size=1, groups={"civil": 1}, min_external=0, max_per_unit=0,
                                reserves=3))
    civil = sorted((e["id"] for e in pool() if e["group"] == "civil" and e["id"] != "E000003"),
                   key=lambda i: rank(record["seed"], i))
    assert record["members"] == civil[:1] and record["reserves"] == {"civil": civil[1:4]}


def test_a_different_witness_gives_a_different_draw():
    one = compute(draw_input())
    other = compute({**draw_input(), "witness": "37 12 05 89"})
    assert one["commitment"] == other["commitment"] and one["seed"] != other["seed"]
    assert one["members"] != other["members"]


def test_replacements_take_the_first_usable_reserve_of_the_group():
    record = compute(draw_input(reserves=5))
    by_id = {e["id"]: e for e in pool()}
    first, second = record["members"][3], record["members"][4]
    redo = compute({**draw_input(reserves=5), "replacements": [
        {"declined": first, "reason": "出差"}, {"declined": second, "reason": "生病"}]})
    assert redo["members"] == record["members"]  # the drawn list is kept; changes are recorded
    reps = redo["replacements"]
    assert [(r["declined"], r["reason"]) for r in reps] == [(first, "出差"), (second, "生病")]
    for r in reps:
        assert by_id[r["replaced_by"]]["group"] == by_id[r["declined"]]["group"]
        assert r["replaced_by"] in record["reserves"][by_id[r["declined"]]["group"]]
    assert verify(redo) == (True, "抽取记录复核一致：承诺值、输入摘要、种子、25 名委员、"
                                  "15 名候补及 2 次替换均可由记录重新推出。")


def test_a_group_short_of_candidates_fails_naming_it():
    data = draw_input(size=30, groups={"civil": 9, "structure": 8, "survey": 13},
                      max_per_unit=0)
    data["inputs"]["excluded"] += [{"id": f"E{n:06d}", "reason": "suspended"}
                                   for n in (5, 8, 11, 14, 17, 20, 23, 26)]
    data["inputs"]["excluded"].sort(key=lambda x: x["id"])
    with pytest.raises(DrawFailed) as exc:
        compute(data)
    assert str(exc.value) == ("抽取未能完成：专业组「survey」需 13 人，符合条件的候选人只有 "
                              "12 人（回避排除 8 人）。")


def test_the_unit_cap_and_the_external_minimum_fail_with_their_reason():
    with pytest.raises(DrawFailed) as exc:
        compute(draw_input(max_per_unit=1))
    assert str(exc.value).startswith("抽取未能完成：专业组「")
    assert "每个单位最多 1 人的限制使其余候选人不能入选" in str(exc.value)
    with pytest.raises(DrawFailed) as exc:
        compute(draw_input(min_external=13))
    assert str(exc.value) == ("抽取未能完成：外来专家（§5.3.3）至少需 13 人，只能选出 6 人"
                              "（符合条件的外来专家共 11 人）。")


SEED_MISMATCH = "种子不符：由 server_secret、witness 与 inputs_sha256 算出的 seed 不一致。"
TAMPERING = [
    ("server_secret", "1f" + "0f" * 31,
     "承诺值不符：server_secret 的 SHA-256 与记录的 commitment 不一致。"),
    ("inputs_sha256", "ab" * 32,
     "输入摘要不符：inputs 的规范 JSON 的 SHA-256 与 inputs_sha256 不一致。"),
    ("seed", "cd" * 32, SEED_MISMATCH),
    ("witness", "99", SEED_MISMATCH),
]


@pytest.mark.parametrize(("key", "value", "message"), TAMPERING)
def test_verify_names_the_first_thing_that_does_not_match(key, value, message):
    record = compute(draw_input())
    assert verify(record)[0] is True
    assert verify({**record, key: value}) == (False, message)


def test_verify_catches_a_swapped_member_reserve_or_replacement():
    record = compute(draw_input())
    swapped = copy.deepcopy(record)
    swapped["members"][5], swapped["members"][6] = swapped["members"][6], swapped["members"][5]
    ok, message = verify(swapped)
    assert not ok and message == (f"委员不符：第 6 位应为「{record['members'][5]}」，"
                                  f"记录为「{record['members'][6]}」。")
    fewer = copy.deepcopy(record)
    fewer["reserves"]["civil"] = fewer["reserves"]["civil"][:1]
    assert verify(fewer) == (False, "专业组「civil」的候补不符：应为 2 人，记录为 1 人。")
    # The inputs themselves edited (an expert dropped): the digest no longer matches.
    edited = copy.deepcopy(record)
    edited["inputs"]["pool"] = edited["inputs"]["pool"][1:]
    assert verify(edited)[1].startswith("输入摘要不符")


def test_verify_catches_a_replacement_by_the_wrong_reserve():
    record = compute(draw_input(reserves=5))
    declined = record["members"][0]
    redo = compute({**draw_input(reserves=5),
                    "replacements": [{"declined": declined, "reason": "出差"}]})
    by_id = {e["id"]: e for e in pool()}
    group = by_id[declined]["group"]
    wrong = copy.deepcopy(redo)
    right = wrong["replacements"][0]["replaced_by"]
    other = next(r for r in record["reserves"][group] if r != right)
    wrong["replacements"][0]["replaced_by"] = other
    assert verify(wrong) == (False, f"替换不符：第 1 次替换「{declined}」应由「{right}」递补，"
                                    f"记录为「{other}」。")


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d.pop("witness"), "witness"),
    (lambda d: d.update(witness="x" * 201), "witness"),
    (lambda d: d.update(server_secret="zz"), "server_secret"),
    (lambda d: d.update(format="zhicheng-draw/2"), "format"),
    (lambda d: d["inputs"]["pool"].reverse(), "inputs.pool"),
    (lambda d: d["inputs"]["pool"][0].pop("external"), "inputs.pool[0]"),
    (lambda d: d["inputs"]["requirements"].update(size=26), "inputs.requirements.groups"),
    (lambda d: d["inputs"]["excluded"].append({"id": "E000099", "reason": "other"}),
     "inputs.excluded[2].detail"),
    (lambda d: d.update(members=[]), "members"),
])
def test_bad_input_names_the_field(change, field):
    data = draw_input()
    change(data)
    with pytest.raises(InvalidInput) as exc:
        compute(data)
    assert str(exc.value).startswith(f"字段 {field}：")


def test_the_record_is_plain_json():
    record = compute(draw_input())
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record
    assert sorted(record) == ["commitment", "format", "inputs", "inputs_sha256", "members",
                              "replacements", "reserves", "seed", "server_secret", "session",
                              "witness"]
