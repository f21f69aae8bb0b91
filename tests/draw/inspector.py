"""An inspector's own re-derivation of draw.md, written from the text alone (no project code):
the tests check the project against it."""

import hashlib
import json


def h(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()


def rederive(rec: dict) -> tuple[list[str], dict[str, list[str]]]:
    inputs, req = rec["inputs"], rec["inputs"]["requirements"]
    blob = json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    secret = bytes.fromhex(rec["server_secret"])
    seed = h(secret + rec["witness"].encode() + h(blob))
    out = set(x["id"] for x in inputs["excluded"])
    order = sorted((e for e in inputs["pool"] if e["id"] not in out),
                   key=lambda e: h(seed + e["id"].encode()))
    taken, groups, units = [], {}, {}

    def ok(e):
        return (groups.get(e["group"], 0) < req["groups"].get(e["group"], 0)
                and (not req["max_per_unit"] or units.get(e["unit"], 0) < req["max_per_unit"]))

    def take(e):
        taken.append(e["id"])
        groups[e["group"]] = groups.get(e["group"], 0) + 1
        units[e["unit"]] = units.get(e["unit"], 0) + 1

    for e in order:
        if e["external"] and sum(1 for t in order if t["id"] in taken and t["external"]) \
                < req["min_external"] and ok(e):
            take(e)
    for e in order:
        if e["id"] not in taken and ok(e):
            take(e)
    reserves = {g: [e["id"] for e in order if e["group"] == g and e["id"] not in taken]
                [:req["reserves"]] for g in req["groups"]}
    return taken, reserves
