"""Benchmark: the eligibility engine (`zhicheng.policy`), in process and through `--batch`.

    .venv/bin/python bench/eligibility_bench.py              # 100,000 cases
    .venv/bin/python bench/eligibility_bench.py --cases 20000 --no-readme

Generates valid cases with `zhicheng.policy.generate` (a fixed seed; every rule
of gx-2017 fires in a fair share of them), then times

1. in process, one core: `evaluate(case_dict)` (validation + rules + result dict),
   and the full per-line path of the batch (JSON decode, evaluate, JSON encode);
2. `python -m zhicheng.policy eligibility --batch FILE` on all cases, wall clock
   including interpreter start-up, output checked line by line.

The in-process figures are the best of several rounds (CPU time of this
process), so that other load on the machine disturbs them less. The figures go
into bench/README.md between this benchmark's markers. Targets (issue 10): ≥ 20,000
cases/s per core in process, and `--batch` ≥ 0.9× the in-process JSON-line path.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
SRC = BENCH_DIR.parent / "src"
README = BENCH_DIR / "README.md"
START, END = "<!-- eligibility-bench:start -->", "<!-- eligibility-bench:end -->"
TARGET = 20_000  # issue 10 (was 10,000)

sys.path.insert(0, str(SRC))

from zhicheng.policy import evaluate  # noqa: E402
from zhicheng.policy.cli import _dumps, decide  # noqa: E402
from zhicheng.policy.generate import make_case  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="number of cases")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--rounds", type=int, default=5, help="in-process rounds (best kept)")
    parser.add_argument("--batch-runs", type=int, default=3, help="--batch runs (best counts)")
    parser.add_argument("--no-readme", action="store_true", help="do not update bench/README.md")
    return parser.parse_args()


def best_rate(items: list[Any], fn: Callable[[Any], Any], rounds: int) -> float:
    """Cases per second of CPU time, best of `rounds`."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for item in items:
            fn(item)
        best = min(best, time.process_time() - start)
    return len(items) / best


def run_batch(lines: list[str]) -> tuple[float, float, float]:
    """(wall seconds, cases/s of wall clock, cases/s of the command's own CPU time) of the
    CLI over all lines, output verified. CPU time is what compares with the in-process
    figures (CPU time too) on a machine other work shares."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "zhicheng.policy", "eligibility", "--batch", str(path)],
            capture_output=True, env=env, check=False)
        wall = time.perf_counter() - start
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    out = done.stdout.splitlines()
    if done.returncode != 0 or len(out) != len(lines):
        raise SystemExit(f"batch failed: exit {done.returncode}, {len(out)} lines, "
                         f"{done.stderr.decode()[:500]}")
    if any("line" in json.loads(x) for x in out[:1000]):
        raise SystemExit("batch reported invalid lines for generated cases")
    return wall, len(lines) / wall, len(lines) / cpu


def write_readme(figures: dict[str, Any]) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    f = figures
    body = (
        "## Eligibility engine (`zhicheng.policy`)\n\n"
        "`bench/eligibility_bench.py` generates valid cases (`zhicheng.policy.generate`, seed "
        f"{f['seed']}: a deliberately mixed load in which every gx-2017 rule fires; "
        f"{f['eligible_share']:.0%} eligible, {f['ready_share']:.0%} ready, "
        f"{f['findings_per_case']:.1f} findings per case) and times one core in process "
        "(best of several rounds, CPU time; the harness's inputs and results frozen out of the "
        "garbage collector's passes) and the `--batch` command over all cases "
        "(including interpreter start-up, best of 3 runs, each followed by one more round of "
        "the JSON-line path, whose best counts, so both meet the same load; by its own CPU "
        "time, which is what compares with the in-process CPU-time figures, and by wall "
        "clock). Targets (issue 10): ≥ 20,000 "
        "cases/s per core in process; `--batch` ≥ 0.9× the in-process JSON-line path.\n\n"
        "| measurement | cases | cases/s | ratio to the JSON-line path |\n"
        "|---|---:|---:|---:|\n"
        f"| in process: `evaluate(case_dict)` | {f['sample']:,} | {f['evaluate']:,.0f} | |\n"
        f"| in process: JSON line → result JSON, UTF-8 bytes in and out (the `--batch` "
        f"per-line path) | {f['sample']:,} | {f['json_path']:,.0f} | 1 |\n"
        f"| in process: the same from `str` to `str` (no UTF-8 steps) | {f['sample']:,} "
        f"| {f['str_path']:,.0f} | |\n"
        f"| `python -m zhicheng.policy eligibility --batch`, CPU time | {f['cases']:,} "
        f"| {f['batch_cpu']:,.0f} | **{f['batch_cpu'] / f['json_path']:.2f}** "
        f"({f['batch_cpu'] / f['str_path']:.2f} to the `str` path) |\n"
        f"| `python -m zhicheng.policy eligibility --batch`, wall clock ({f['batch_wall']:.1f} s)"
        f" | {f['cases']:,} | {f['batch']:,.0f} | {f['batch'] / f['json_path']:.2f} |\n\n"
        f"Measured {f['when']} on {f['machine']} ({f['cpus']} CPUs, load average "
        f"{f['load']} at start), Python {f['python']}. The machine was shared with other "
        "work, so these are lower bounds.\n\n"
        "The JSON-line path is timed from the UTF-8 bytes of a line to the UTF-8 bytes of its "
        "result, which is what `--batch` does per line (it reads the file as bytes and writes "
        "bytes). Until 2026-12-02 it was timed from `str` to `str`, which leaves out the two "
        "UTF-8 steps the batch cannot skip; that figure stays in the table, with the ratio to "
        "it. What `--batch` adds to the per-line path: interpreter start-up and imports "
        "(about 0.13 s of CPU, once; 0.2 s before stdnum left the start-up), reading the "
        "file, and writing in 2,000-line chunks. It "
        "also meets the engine's memo tables (parsed dates and months, birth days, retirement "
        "dates, each day's parameters) cold, where the in-process rounds after the first find "
        "them filled.\n\n"
        "Where the time went, and what changed (issue 10; results, messages and JSON bytes "
        "unchanged, checked against the previous engine's output for 180,000 cases, derived "
        "sets and invalid input, and by `tests/policy/test_fast_paths.py`): validation was a "
        "third of an evaluation, so valid cases in canonical form now take a fast path "
        "(`case._parse_valid`: subscripts, exact type checks, set inclusion, the `Case` "
        "tuple built directly) and anything it does not accept goes through the field-by-field "
        "validator, which alone decides and words errors; findings are built through their "
        "slots (a frozen dataclass's `__init__` costs three times as much); `evaluate` builds "
        "its dict without the intermediate `Result`; each day's rule context, birth days, "
        "retirement dates and month labels are memoised; the relation rule returns early "
        "when the relation began before last year; the ID check digit is stdnum's formula "
        "written out, so start-up no longer imports stdnum (whose util module pulls in "
        "pydoc, ssl and socket). In `--batch`, each result line is encoded to UTF-8 as it "
        "is made and the chunk written through the buffer (the chunk-sized join and "
        "re-encode cost about a tenth of the batch), the compact JSON encoder skips "
        "circularity bookkeeping (results are fresh trees), and `python -m "
        "zhicheng.policy` moves its imports out of the garbage collector's passes "
        "(`gc.freeze()`). Not done: `orjson.dumps` (its separators and surrogate handling "
        "differ, so the bytes would); `orjson.loads` would be byte-safe only with a fallback "
        "to `json` on every error and turns integers beyond 64 bits into floats, which the "
        "engine never outputs but which is a different decoded value, so it is left out.\n\n"
        "Before and after, on this shared machine (2026-12-02; the load swings by minutes, "
        "so one run is not the figure): the engine before these changes measured 10,403 "
        "`evaluate` cases/s, 7,228 on the JSON-line path (`str`) and `--batch` 0.87× of it "
        "(load 1.12 at the start, 17:42 UTC, heavier during the run; the 17,995 and 0.84 "
        "recorded before came from another hour's load); after them, three runs while the "
        "last steps landed, at loads 6.72, 3.18 and 3.61 at their start, gave "
        "19,383 / 20,891 / 19,029 `evaluate` cases/s and `--batch` 0.90 / 0.74 / 0.73× the "
        "bytes path (0.80 / 0.72 / 0.73× the `str` path). In one process, on the same "
        "lines, `--batch`'s loop and the per-line path run at the same speed (within "
        "noise); what is left between them in these runs is start-up, the cold memo "
        "tables, and load that the best of 3 batch runs (15 s each) escapes less often "
        "than the best of 5+ in-process rounds.\n\n"
        "    .venv/bin/python bench/eligibility_bench.py [--cases N] [--no-readme]\n\n"
    )
    if START in text:
        before, rest = text.split(START, 1)
        _, after = rest.split(END, 1)
    else:
        before, after = text.rstrip("\n") + "\n\n", "\n"
    README.write_text(f"{before}{START}\n{body}{END}{after}", encoding="utf-8")


def main() -> int:
    args = parse_args()
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    rng = random.Random(args.seed)
    print(f"generating {args.cases:,} cases …")
    cases = [make_case(rng) for _ in range(args.cases)]
    lines = [json.dumps(c, ensure_ascii=False) for c in cases]

    results = [evaluate(c) for c in cases]
    # The harness holds every input and result (the batch command holds one chunk): move
    # them out of the collector's way, so its full passes over them are not timed as the
    # engine's work.
    gc.freeze()
    findings = sum(len(r["findings"]) for r in results)
    sample = cases[: min(len(cases), 50_000)]
    sample_lines = lines[: len(sample)]
    rate = best_rate(sample, evaluate, args.rounds)
    print(f"in process, evaluate(dict):     {rate:10,.0f} cases/s")
    # The batch's per-line work: a UTF-8 line as read from the file (bytes), decoded,
    # evaluated, encoded as JSON and as UTF-8 for the write. The str → str figure (no
    # UTF-8 steps, as this bench measured before 2026-12-02 evening) is shown beside it.
    sample_bytes = [line.encode("utf-8") for line in sample_lines]
    def bytes_path(line: bytes) -> bytes:
        return _dumps(decide(line)).encode("utf-8", "backslashreplace")

    json_rate = best_rate(sample_bytes, bytes_path, args.rounds)
    print(f"in process, JSON line → JSON (bytes): {json_rate:10,.0f} cases/s")
    def str_path(line: str) -> str:
        return _dumps(decide(line))

    str_rate = best_rate(sample_lines, str_path, args.rounds)
    print(f"in process, JSON line → JSON (str):   {str_rate:10,.0f} cases/s")
    # Best of several runs, as the in-process figures are best of several rounds. Each
    # run is followed by one more round of the JSON-line path, which keeps its best:
    # other load on the machine changes over minutes, and the floor then gets the same
    # chances as the batch (more rounds can only raise the floor, never lower it).
    runs = []
    for _ in range(args.batch_runs):
        runs.append(run_batch(lines))
        json_rate = max(json_rate, best_rate(sample_bytes, bytes_path, 1))
        str_rate = max(str_rate, best_rate(sample_lines, str_path, 1))
    wall, batch_rate, _cpu = min(runs, key=lambda r: r[0])
    batch_cpu_rate = max(r[2] for r in runs)
    print(f"in process, JSON line → JSON, best with the rounds between the batch runs: "
          f"{json_rate:,.0f} (bytes), {str_rate:,.0f} (str) cases/s")
    print(f"--batch ({len(lines):,} cases, {wall:.1f} s): {batch_rate:10,.0f} cases/s wall, "
          f"{batch_cpu_rate:,.0f} cases/s of CPU time: {batch_cpu_rate / json_rate:.2f}× the "
          "JSON-line path")
    print(f"target ≥ {TARGET:,} cases/s per core in process:",
          "met" if rate >= TARGET else "NOT met")
    print("target --batch ≥ 0.9× the JSON-line path (CPU time):",
          "met" if batch_cpu_rate >= 0.9 * json_rate else "NOT met",
          f"(against the str → str path: {batch_cpu_rate / str_rate:.2f}×)")

    if not args.no_readme:
        write_readme({
            "seed": args.seed, "cases": len(cases), "evaluate": rate, "json_path": json_rate,
            "str_path": str_rate, "sample": len(sample),
            "batch": batch_rate, "batch_wall": wall, "batch_cpu": batch_cpu_rate,
            "eligible_share": sum(r["eligible"] for r in results) / len(results),
            "ready_share": sum(r["ready"] for r in results) / len(results),
            "findings_per_case": findings / len(results),
            "when": dt.date.today().isoformat(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "load": load, "python": platform.python_version(),
        })
        print(f"  figures written to {README}")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
