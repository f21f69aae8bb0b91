"""Benchmark: a voting round through the ballot engine beside raw belenios-tool (issue 11).

    flock /work/bench.lock .venv/bin/python bench/ballot_bench.py [--sizes 25x100,25x500]

For each size (members × applicants) one round goes through the engine
(`zhicheng.evaluation.ballot.engine`: open_round, cast × members, close_round,
partial_decrypt × 2, compute_result — which runs `election verify` before recording — and
verify), and the same belenios-tool command sequence runs directly with subprocess, files in a
temporary directory, no engine (no locks, no copy-then-replace, no credential/phase checks,
secrets in files instead of pipes):

* open: generate-token, generate-trustee-key-threshold steps 1–6 for 3 trustees, make-trustees,
  generate-credentials, make-election, archive init (a second election with the same
  parameters: setup is random);
* cast: generate-ballot + archive add-event Ballot, per member, on a copy of the *engine's*
  election taken right after open_round (same election, same credentials, same choices);
* close: add-event EndBallots, compute-encrypted-tally, add-event EncryptedTally;
* decrypt: decrypt-threshold + add-event PartialDecryption, for trustees 1 and 2;
* result: compute-result + add-event Result + election verify (the engine verifies before
  recording, so the raw sequence does too);
* verify: election verify of the final archive.

The ratio per phase is engine / raw; target ≤ 1.2×.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent / "src"))

from zhicheng.evaluation.ballot import engine  # noqa: E402

README = BENCH_DIR / "README.md"
START, END = "<!-- ballot-bench:start -->", "<!-- ballot-bench:end -->"
TRUSTEES = ["主任委员", "监督人员", "人社部门代表"]
ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "BELENIOS_USE_URANDOM": "1",
       "LANG": "C.UTF-8"}


def tool(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> bytes:
    return subprocess.run([engine.tool_path(), *args], cwd=cwd, input=stdin, env=ENV,
                          capture_output=True, check=True).stdout


def raw_open(d: Path, applicants: list[str], members: int) -> None:
    g = f"--group={engine.GROUP}"
    kg = ["setup", "generate-trustee-key-threshold", g]
    uuid = tool("setup", "generate-token").decode().strip()
    ids = []
    for _ in TRUSTEES:
        before = {p.stem for p in d.glob("*.key")}
        tool(*kg, "--step=1", cwd=d)
        ids += list({p.stem for p in d.glob("*.key")} - before)
    (d / "certs.jsons").write_bytes(b"".join((d / f"{i}.cert").read_bytes() for i in ids))
    c = "--certs=certs.jsons"
    tool(*kg, c, "--step=2", cwd=d)
    (d / "polynomials.jsons").write_bytes(b"".join(
        tool(*kg, c, f"--key={i}.key", "--step=3", "--threshold=2", cwd=d) for i in ids))
    tool(*kg, c, "--step=4", "--polynomials=polynomials.jsons", cwd=d)
    vout = b"".join(tool(*kg, c, f"--key={i}.key", "--step=5", cwd=d,
                         stdin=(d / f"{i}.vinput").read_bytes()) for i in ids)
    (d / "threshold.json").write_bytes(
        tool(*kg, c, "--step=6", "--polynomials=polynomials.jsons", cwd=d, stdin=vout))
    (d / "public_keys.jsons").write_bytes(b"")
    tool("setup", "make-trustees", f"--dir={d}")
    cd = d / "creds"
    cd.mkdir()
    tool("setup", "generate-credentials", f"--uuid={uuid}", g, f"--count={members}",
         f"--dir={cd}")
    shutil.copyfile(next(cd.glob("*.pubcreds")), d / "public_creds.json")
    (d / "template.json").write_text(json.dumps({"name": "bench", "description": "bench",
        "questions": [{"question": a, "answers": list(engine.CHOICES), "min": 1, "max": 1}
                      for a in applicants]}, ensure_ascii=False), encoding="utf-8")
    tool("setup", "make-election", f"--uuid={uuid}", g, "--template=template.json",
         f"--dir={d}", cwd=d)
    tool("archive", "init", f"--dir={d}", f"--election={d / 'election.json'}",
         f"--trustees={d / 'trustees.json'}", f"--public-creds={d / 'public_creds.json'}")


def raw_cast(d: Path, secrets_dir: Path, n: int, applicants: list[str], choices: dict,
             credential: str) -> None:
    cred, vec = secrets_dir / f"{n}.cred", secrets_dir / f"{n}.vec"
    cred.write_text(credential)
    vec.write_text(json.dumps([[int(choices[a] == c) for c in engine.CHOICES]
                               for a in applicants]))
    ballot = tool("election", "generate-ballot", f"--dir={d}", f"--privcred={cred}",
                  f"--ballot={vec}")
    tool("archive", "add-event", f"--dir={d}", "--type=Ballot", stdin=ballot)


def raw_close(d: Path) -> None:
    tool("archive", "add-event", f"--dir={d}", "--type=EndBallots", stdin=b"")
    tally = tool("election", "compute-encrypted-tally", f"--dir={d}")
    tool("archive", "add-event", f"--dir={d}", "--type=EncryptedTally", stdin=tally)


def raw_decrypt(d: Path, secrets_dir: Path, tid: int, key: str) -> None:
    kf = secrets_dir / f"t{tid}.key"
    kf.write_text(key)
    pd = tool("election", "decrypt-threshold", f"--dir={d}", f"--key={kf}",
              f"--decryption-key={d / 'shares' / f'{tid}.dkey'}", f"--trustee-id={tid}")
    tool("archive", "add-event", f"--dir={d}", "--type=PartialDecryption", stdin=pd)


def raw_result(d: Path) -> None:
    out = tool("election", "compute-result", f"--dir={d}")
    tool("archive", "add-event", f"--dir={d}", "--type=Result", stdin=out)
    tool("election", "verify", f"--dir={d}")


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def run_size(members: int, n_app: int, base: Path) -> dict[str, tuple[float, float]]:
    rnd = random.Random(members * 1000 + n_app)
    applicants = [f"申报人{i:04d}" for i in range(1, n_app + 1)]
    voters = [f"m{i:02d}" for i in range(members)]
    choices = [{a: rnd.choice(engine.CHOICES) for a in applicants} for _ in voters]
    e_dir, r_dir, r_open = base / "engine", base / "raw", base / "raw-open"
    secrets_dir = base / "secrets"
    r_open.mkdir()
    secrets_dir.mkdir()
    out: dict[str, tuple[float, float]] = {}
    opened = None

    def e_open() -> None:
        nonlocal opened
        opened = engine.open_round(e_dir, name="bench", applicants=applicants, voters=voters,
                                   trustees=TRUSTEES)

    out["open"] = (timed(e_open), timed(lambda: raw_open(r_open, applicants, members)))
    shutil.copytree(e_dir, r_dir)  # the same election for the raw sequence from here on
    creds = [c.private_credential for c in opened.credentials]
    keys = {k.trustee_id: k.private_key for k in opened.trustee_keys}
    e_cast = r_cast = 0.0
    for i in range(members):  # alternate, so load changes hit both alike
        e_cast += timed(lambda i=i: engine.cast(e_dir, choices[i], creds[i]))
        r_cast += timed(lambda i=i: raw_cast(r_dir, secrets_dir, i, applicants, choices[i],
                                             creds[i]))
    out["cast (per member)"] = (e_cast / members, r_cast / members)
    out["close"] = (timed(lambda: engine.close_round(e_dir)), timed(lambda: raw_close(r_dir)))
    e_dec = sum(timed(lambda t=t: engine.partial_decrypt(e_dir, t, keys[t])) for t in (1, 2))
    r_dec = sum(timed(lambda t=t: raw_decrypt(r_dir, secrets_dir, t, keys[t])) for t in (1, 2))
    out["decrypt (2 trustees)"] = (e_dec, r_dec)
    tally = None

    def e_result() -> None:
        nonlocal tally
        tally = engine.compute_result(e_dir)

    out["result (+ verify)"] = (timed(e_result), timed(lambda: raw_result(r_dir)))
    assert tally.ballots == members
    for a in applicants:  # the engine's tally is the one the choices give
        want = {c: sum(ch[a] == c for ch in choices) for c in engine.CHOICES}
        assert tally.counts[a] == want, (a, tally.counts[a], want)
    raw_verify = lambda: tool("election", "verify", f"--dir={r_dir}")  # noqa: E731
    out["verify"] = (timed(lambda: engine.verify(e_dir)), timed(raw_verify))
    return out


def machine() -> str:
    cpu = platform.machine()
    with contextlib.suppress(OSError, AttributeError):
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1)
    version = tool("--version").decode().strip()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{cpu.strip()}, {os.cpu_count()} CPU (load {load}), Python "
            f"{platform.python_version()}, belenios-tool {version}")


def update_readme(block: str) -> None:
    text = README.read_text()
    if START in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
    else:
        before, after = text.rstrip("\n") + "\n\n", "\n"
    README.write_text(f"{before}{START}\n{block}{END}{after}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="25x100,25x500")
    ap.add_argument("--no-readme", action="store_true")
    args = ap.parse_args()
    if engine.tool_path() is None:
        print("belenios-tool not found", file=sys.stderr)
        return 1
    rows, notes = [], []
    for size in args.sizes.split(","):
        m, a = (int(x) for x in size.split("x"))
        with tempfile.TemporaryDirectory(prefix="ballot-bench-") as tmp:
            started = time.perf_counter()
            load = os.getloadavg()[0]
            figures = run_size(m, a, Path(tmp))
            total = time.perf_counter() - started
        notes.append(f"{m} × {a}: one run, {total:.0f} s in all, load {load:.2f} at its start")
        for phase, (e, r) in figures.items():
            rows.append(f"| {m} × {a} | {phase} | {e:.2f} | {r:.2f} | **{e / r:.2f}×** |")
        print("\n".join(rows[-len(figures):]), flush=True)
    block = (
        "## Secret ballot: engine vs raw belenios-tool (`bench/ballot_bench.py`)\n\n"
        + __doc__.split("\n\n", 2)[2].strip() + "\n\n"
        "    flock /work/bench.lock .venv/bin/python bench/ballot_bench.py\n\n"
        "| members × applicants | phase | engine (s) | raw belenios-tool (s) | ratio |\n"
        "|---|---|---:|---:|---:|\n" + "\n".join(rows) + "\n\n"
        f"Measured {dt.date.today().isoformat()} on {machine()}. Each size was run once ("
        + "; ".join(notes) + "); the machine is shared with other helpers' tests, so single "
        "figures carry noise of several percent, and a ratio near 1 means the engine adds "
        "nothing measurable.\n"
    )
    print(block)
    if not args.no_readme:
        update_readme(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
