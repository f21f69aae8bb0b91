"""The draw of draw.md: checking a record's shape, computing it, re-deriving it."""

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field

FORMAT = "zhicheng-draw/1"
HEX64 = re.compile(r"^[0-9a-f]{64}$")
WITNESS_MAX = 200
# draw.md's exclusion reasons; another code of the project's must carry a detail.
REASONS = {
    "same_unit": "与申报人同单位",
    "declared_conflict": "申报回避经主任委员确认",
    "suspended": "暂停参加评审",
    "term_expired": "任期已满",
    "integrity_record": "有失信记录",
    "level_too_low": "职称等级不足",
    "same_city": "同市回避（交叉评审，§5.3.1）",
}


class InvalidInput(ValueError):
    """Not a valid draw input or record: names the field (exit code 2)."""


class DrawFailed(Exception):
    """The requirements cannot be met: names the group or constraint and the shortfall."""


def canonical(value) -> bytes:
    """draw.md's canonical JSON: sorted keys, no whitespace, non-ASCII as itself."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def commitment_of(server_secret: str) -> str:
    return sha256_hex(bytes.fromhex(server_secret))


def seed_of(server_secret: str, witness: str, inputs_sha256: str) -> str:
    return sha256_hex(bytes.fromhex(server_secret) + witness.encode()
                      + bytes.fromhex(inputs_sha256))


def rank(seed: str, expert_id: str) -> bytes:
    return hashlib.sha256(bytes.fromhex(seed) + expert_id.encode()).digest()


# ---- shape -------------------------------------------------------------------------------


def _need(cond: bool, where: str, what: str) -> None:
    if not cond:
        raise InvalidInput(f"字段 {where}：{what}")


def _text(value, where: str, *, max_len: int = 200) -> str:
    _need(isinstance(value, str) and 0 < len(value) <= max_len, where,
          f"应为 1～{max_len} 个字符的文本")
    return value


def _count(value, where: str, *, minimum: int = 0) -> int:
    _need(isinstance(value, int) and not isinstance(value, bool) and value >= minimum, where,
          f"应为不小于 {minimum} 的整数")
    return value


def check_inputs(inputs) -> None:
    _need(isinstance(inputs, dict), "inputs", "应为对象")
    _need(set(inputs) == {"pool", "excluded", "requirements"}, "inputs",
          "应恰有 pool、excluded、requirements 三项")
    pool = inputs["pool"]
    _need(isinstance(pool, list), "inputs.pool", "应为列表")
    for i, e in enumerate(pool):
        where = f"inputs.pool[{i}]"
        _need(isinstance(e, dict) and set(e) == {"id", "group", "unit", "city", "external"},
              where, "应恰有 id、group、unit、city、external 五项")
        for key in ("id", "group", "unit", "city"):
            _text(e[key], f"{where}.{key}")
        _need(isinstance(e["external"], bool), f"{where}.external", "应为 true 或 false")
    ids = [e["id"] for e in pool]
    _need(ids == sorted(ids) and len(set(ids)) == len(ids), "inputs.pool",
          "应按 id 升序排列且 id 不重复")
    excluded = inputs["excluded"]
    _need(isinstance(excluded, list), "inputs.excluded", "应为列表")
    for i, x in enumerate(excluded):
        where = f"inputs.excluded[{i}]"
        _need(isinstance(x, dict) and {"id", "reason"} <= set(x) <= {"id", "reason", "detail"},
              where, "应有 id、reason 两项（detail 可选）")
        _text(x["id"], f"{where}.id")
        _text(x["reason"], f"{where}.reason", max_len=40)
        if "detail" in x:
            _text(x["detail"], f"{where}.detail", max_len=500)
        _need(x["reason"] in REASONS or bool(x.get("detail")), f"{where}.detail",
              f"回避原因「{x['reason']}」不是约定代码，须写明 detail")
    xids = [x["id"] for x in excluded]
    _need(xids == sorted(xids) and len(set(xids)) == len(xids), "inputs.excluded",
          "应按 id 升序排列且 id 不重复")
    req = inputs["requirements"]
    _need(isinstance(req, dict) and set(req) == {"size", "groups", "max_per_unit",
                                                 "min_external", "reserves"},
          "inputs.requirements", "应恰有 size、groups、max_per_unit、min_external、reserves 五项")
    size = _count(req["size"], "inputs.requirements.size", minimum=1)
    groups = req["groups"]
    _need(isinstance(groups, dict) and groups, "inputs.requirements.groups",
          "应为「专业组 → 席位数」的对象")
    for g, seats in groups.items():
        _text(g, "inputs.requirements.groups")
        _count(seats, f"inputs.requirements.groups.{g}", minimum=1)
    _need(sum(groups.values()) == size, "inputs.requirements.groups",
          f"各专业组席位之和（{sum(groups.values())}）应等于 size（{size}）")
    _count(req["max_per_unit"], "inputs.requirements.max_per_unit")
    _count(req["min_external"], "inputs.requirements.min_external")
    _count(req["reserves"], "inputs.requirements.reserves")


def _check_common(obj) -> None:
    _need(isinstance(obj, dict), "（顶层）", "应为 JSON 对象")
    _need(obj.get("format") == FORMAT, "format", f"应为 \"{FORMAT}\"")
    _text(obj.get("session"), "session")
    check_inputs(obj.get("inputs"))
    secret = obj.get("server_secret")
    _need(isinstance(secret, str) and bool(HEX64.match(secret)), "server_secret",
          "应为 64 位小写十六进制（32 字节）")
    _text(obj.get("witness"), "witness", max_len=WITNESS_MAX)


def _check_declines(value, where: str, *, recorded: bool) -> list[dict]:
    _need(isinstance(value, list), where, "应为列表")
    keys = {"declined", "replaced_by", "reason"} if recorded else {"declined", "reason"}
    for i, r in enumerate(value):
        _need(isinstance(r, dict) and set(r) == keys, f"{where}[{i}]",
              "应恰有 " + "、".join(sorted(keys)) + " 几项")
        for key in keys:
            _text(r[key], f"{where}[{i}].{key}", max_len=500)
    return value


# ---- selection ---------------------------------------------------------------------------


@dataclass
class Draw:
    members: list[str]
    reserves: dict[str, list[str]]
    replacements: list[dict] = field(default_factory=list)


def select(inputs: dict, seed: str) -> Draw:
    """Steps 1–7 of draw.md's selection. Raises DrawFailed naming the shortfall."""
    req = inputs["requirements"]
    seats, cap, min_ext = req["groups"], req["max_per_unit"], req["min_external"]
    excluded = {x["id"] for x in inputs["excluded"]}
    candidates = sorted((e for e in inputs["pool"] if e["id"] not in excluded),
                        key=lambda e: rank(seed, e["id"]))
    taken: list[dict] = []
    in_group: Counter[str] = Counter()
    in_unit: Counter[str] = Counter()

    def fits(e) -> bool:
        return (in_group[e["group"]] < seats.get(e["group"], 0)
                and (cap == 0 or in_unit[e["unit"]] < cap))

    def take(e) -> None:
        taken.append(e)
        in_group[e["group"]] += 1
        in_unit[e["unit"]] += 1

    externals = 0
    for e in candidates:  # pass 1: the external minimum (§5.3.3)
        if e["external"] and externals < min_ext and fits(e):
            take(e)
            externals += 1
    chosen = {e["id"] for e in taken}
    for e in candidates:  # pass 2
        if e["id"] not in chosen and fits(e):
            take(e)
            chosen.add(e["id"])
    _shortfalls(inputs, candidates, in_group, externals)
    reserves = {g: [e["id"] for e in candidates if e["group"] == g and e["id"] not in chosen]
                [:req["reserves"]] for g in seats}
    return Draw([e["id"] for e in taken], reserves)


def _shortfalls(inputs: dict, candidates: list[dict], in_group: Counter, externals: int) -> None:
    req = inputs["requirements"]
    group_of = {e["id"]: e["group"] for e in inputs["pool"]}
    excluded_in: Counter[str] = Counter(group_of.get(x["id"]) for x in inputs["excluded"])
    available: Counter[str] = Counter(e["group"] for e in candidates)
    problems = []
    for g, need in req["groups"].items():
        if in_group[g] >= need:
            continue
        if available[g] < need:
            problems.append(f"专业组「{g}」需 {need} 人，符合条件的候选人只有 {available[g]} 人"
                            f"（回避排除 {excluded_in[g]} 人）")
        else:
            problems.append(f"专业组「{g}」需 {need} 人，只能选出 {in_group[g]} 人："
                            f"每个单位最多 {req['max_per_unit']} 人的限制使其余候选人不能入选")
    if externals < req["min_external"]:
        pool_ext = sum(1 for e in candidates if e["external"])
        problems.append(f"外来专家（§5.3.3）至少需 {req['min_external']} 人，只能选出 "
                        f"{externals} 人（符合条件的外来专家共 {pool_ext} 人）")
    if problems:
        raise DrawFailed("抽取未能完成：" + "；".join(problems) + "。")


def replace(inputs: dict, draw: Draw, declines: list[dict]) -> list[dict]:
    """Step 8: each declining member, in order, is replaced by the first unused reserve of
    their group whose unit stays within the cap given the current members."""
    req = inputs["requirements"]
    cap = req["max_per_unit"]
    expert = {e["id"]: e for e in inputs["pool"]}
    members = list(draw.members)
    used: set[str] = set()
    out = []
    for d in declines:
        gone = d["declined"]
        if gone not in members:
            raise DrawFailed(f"「{gone}」不是现任抽取委员，不能替换。")
        members.remove(gone)
        group = expert[gone]["group"]
        units = Counter(expert[m]["unit"] for m in members)
        nxt = next((r for r in draw.reserves.get(group, []) if r not in used
                    and (cap == 0 or units[expert[r]["unit"]] < cap)), None)
        if nxt is None:
            raise DrawFailed(f"专业组「{group}」已无可用的候补人员，不能替换「{gone}」。")
        used.add(nxt)
        members.append(nxt)
        out.append({"declined": gone, "replaced_by": nxt, "reason": d["reason"]})
    return out


# ---- compute and verify -------------------------------------------------------------------


def compute(obj) -> dict:
    """INPUT (format, session, inputs, server_secret, witness, optional replacements of
    {declined, reason}) → the record. Raises InvalidInput or DrawFailed."""
    _check_common(obj)
    allowed = {"format", "session", "inputs", "server_secret", "witness", "replacements"}
    extra = sorted(set(obj) - allowed)
    _need(not extra, extra[0] if extra else "", "不应出现在输入中（由计算得出）")
    declines = _check_declines(obj.get("replacements", []), "replacements", recorded=False)
    inputs = obj["inputs"]
    inputs_sha256 = sha256_hex(canonical(inputs))
    seed = seed_of(obj["server_secret"], obj["witness"], inputs_sha256)
    draw = select(inputs, seed)
    return {
        "format": FORMAT, "session": obj["session"], "inputs": inputs,
        "inputs_sha256": inputs_sha256, "commitment": commitment_of(obj["server_secret"]),
        "server_secret": obj["server_secret"], "witness": obj["witness"], "seed": seed,
        "members": draw.members, "reserves": draw.reserves,
        "replacements": replace(inputs, draw, declines),
    }


RECORD_KEYS = {"format", "session", "inputs", "inputs_sha256", "commitment", "server_secret",
               "witness", "seed", "members", "reserves", "replacements"}


def verify(record) -> tuple[bool, str]:
    """Re-derive a record. (True, the Chinese line) when everything matches, else (False,
    the first thing that does not). Raises InvalidInput for a record of the wrong shape."""
    _check_common(record)
    missing = sorted(RECORD_KEYS - set(record))
    _need(not missing, missing[0] if missing else "", "记录缺少此项")
    for key in ("inputs_sha256", "commitment", "seed"):
        _need(isinstance(record[key], str) and bool(HEX64.match(record[key])), key,
              "应为 64 位小写十六进制")
    _need(isinstance(record["members"], list)
          and all(isinstance(m, str) for m in record["members"]), "members", "应为 id 列表")
    _need(isinstance(record["reserves"], dict) and all(
        isinstance(v, list) and all(isinstance(i, str) for i in v)
        for v in record["reserves"].values()), "reserves", "应为「专业组 → id 列表」的对象")
    _check_declines(record["replacements"], "replacements", recorded=True)

    if commitment_of(record["server_secret"]) != record["commitment"]:
        return False, "承诺值不符：server_secret 的 SHA-256 与记录的 commitment 不一致。"
    inputs_sha256 = sha256_hex(canonical(record["inputs"]))
    if inputs_sha256 != record["inputs_sha256"]:
        return False, "输入摘要不符：inputs 的规范 JSON 的 SHA-256 与 inputs_sha256 不一致。"
    seed = seed_of(record["server_secret"], record["witness"], inputs_sha256)
    if seed != record["seed"]:
        return False, "种子不符：由 server_secret、witness 与 inputs_sha256 算出的 seed 不一致。"
    try:
        draw = select(record["inputs"], seed)
    except DrawFailed as exc:
        return False, f"委员不符：按记录的输入抽取不能完成（{exc}）"
    mismatch = _first_difference("委员", draw.members, record["members"])
    if mismatch:
        return False, mismatch
    for g in sorted(set(draw.reserves) | set(record["reserves"])):
        mismatch = _first_difference(f"专业组「{g}」的候补", draw.reserves.get(g, []),
                                     record["reserves"].get(g, []))
        if mismatch:
            return False, mismatch
    declines = [{"declined": r["declined"], "reason": r["reason"]}
                for r in record["replacements"]]
    try:
        replacements = replace(record["inputs"], draw, declines)
    except DrawFailed as exc:
        return False, f"替换不符：{exc}"
    for i, (want, got) in enumerate(zip(replacements, record["replacements"], strict=True), 1):
        if want != got:
            return False, (f"替换不符：第 {i} 次替换「{got['declined']}」应由「"
                           f"{want['replaced_by']}」递补，记录为「{got['replaced_by']}」。")
    return True, (f"抽取记录复核一致：承诺值、输入摘要、种子、{len(draw.members)} 名委员、"
                  f"{sum(len(v) for v in draw.reserves.values())} 名候补及 "
                  f"{len(replacements)} 次替换均可由记录重新推出。")


def _first_difference(label: str, want: list[str], got: list[str]) -> str:
    for i, (w, g) in enumerate(zip(want, got, strict=False), 1):
        if w != g:
            return f"{label}不符：第 {i} 位应为「{w}」，记录为「{g}」。"
    if len(want) != len(got):
        return f"{label}不符：应为 {len(want)} 人，记录为 {len(got)} 人。"
    return ""
