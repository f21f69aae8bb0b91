"""Benchmark: the office's checking queue (§4.2) with 100,000 declarations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_review \\
        .venv/bin/python bench/office_queue_bench.py
    .venv/bin/python bench/office_queue_bench.py          # SQLite, temporary file

Target (issue 5): an office queue of 100,000 declarations filters and pages in < 150 ms
median on PostgreSQL, with query counts that do not grow with the data.

Worst case on purpose: after the demo catalogue is loaded, bench/datagen.py bulk-creates
the declarations (bulk_create, 500 generated units), then every generated unit is moved
to 南宁市 and 60% of the declarations are put into the queue states (30% recommended, 30%
office_review), so 南宁市职改办 (demo_city_office) has all 100,000 in scope and ~60,000
in its queue. The PostgreSQL database named in DATABASE_URL (must start with "bench") is
dropped, created, and dropped again at the end unless --keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
README = BENCH_DIR / "README.md"
START, END = "<!-- office-queue-bench:start -->", "<!-- office-queue-bench:end -->"
TARGET_MS = 150.0
TODAY = "2017-07-10"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--declarations", type=int, default=100_000)
    p.add_argument("--requests", type=int, default=40, help="measured requests per page")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    p.add_argument("--reuse", action="store_true",
                   help="measure a database kept by an earlier --keep run (no regeneration)")
    p.add_argument("--show-sql", action="store_true")
    p.add_argument("--no-readme", action="store_true")
    return p.parse_args()


def setup_django(tmp: Path, reuse: bool = False) -> str:
    os.environ["ZHICHENG_TODAY"] = TODAY
    os.environ["ZHICHENG_VAR_DIR"] = str(tmp / "var")
    os.environ["ZHICHENG_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")
    sys.path.insert(0, str(BENCH_DIR))
    from pages_bench import recreate_pg_database

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        if not reuse:
            recreate_pg_database(url)
    elif not url:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench_review.sqlite3'}"
    else:
        sys.exit(f"unsupported DATABASE_URL {url!r}")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def load(n: int) -> str:
    """Demo catalogue + n generated declarations, reshaped into one big city queue."""
    from datagen import UNIT_NAME_PREFIX, generate
    from django.db import connection, transaction

    from zhicheng.core.models import City
    from zhicheng.demo.load import load_demo

    load_demo()
    stats = generate(n, audit=False, education=False)
    nanning = City.objects.get(name="南宁市").pk
    t0 = time.perf_counter()
    # Raw SQL on purpose: background load, not workflow (the ORM refuses unaudited updates).
    with transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE core_unit SET city_id = %s WHERE name LIKE %s",
                  [nanning, UNIT_NAME_PREFIX + "%"])
        c.execute("UPDATE declarations_declaration SET state = CASE WHEN id %% 10 < 3 "
                  "THEN 'recommended' WHEN id %% 10 < 6 THEN 'office_review' ELSE state END, "
                  "submitted_at = COALESCE(submitted_at, created_at) "
                  "WHERE id %% 10 < 6", [])
    # After a bulk load autovacuum would soon do this; the visibility map lets counts use
    # index-only scans.
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return (f"generated {stats.declarations:,} declarations and {stats.users:,} users in "
            f"{stats.seconds:.1f} s; reshaped into the queue in {time.perf_counter() - t0:.1f} s")


def measure(client, path: str, requests: int, warmup: int, show_sql: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code)
    times, counts, sql = [], set(), []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            r = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (path, r.status_code)
        counts.add(len(ctx.captured_queries))
        sql = ctx.captured_queries
    if show_sql:
        print(f"\n--- {path}")
        for q in sql:
            print(f"  {q['time']}s  {q['sql'][:400]}")
    times.sort()
    return {"median": statistics.median(times),
            "p95": times[max(0, round(0.95 * len(times)) - 1)], "queries": sorted(counts)}


def pages() -> list[tuple[str, str, str]]:
    from zhicheng.core.models import Series, Unit

    eng = Series.objects.get(name="工程").pk
    unit = Unit.objects.filter(name__startswith="基准测试单位").order_by("id").first().pk
    return [
        ("demo_city_office", "unfiltered, page 1", "/review/office/"),
        ("demo_city_office", "series + level", f"/review/office/?series={eng}&level=deputy_senior"),
        ("demo_city_office", "unit", f"/review/office/?unit={unit}"),
        ("demo_city_office", "state + page 50", "/review/office/?state=office_review&page=50"),
        ("demo_city_office", "page 50", "/review/office/?page=50"),
        ("demo_series_office", "series office, page 1", "/review/office/"),
        ("demo_city_office", "API queue, series + level",
         f"/api/v1/review/office/queue?series={eng}&level=deputy_senior"),
    ]


def queue_size(who: str, path: str) -> int:
    """How many declarations the measured request's filters leave in the queue."""
    from urllib.parse import parse_qs, urlsplit

    from zhicheng.core.models import User
    from zhicheng.review.domain.office import QueueFilter, office_assignment, office_queue

    q = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
    f = QueueFilter(unit=int(q["unit"]) if "unit" in q else None,
                    series=int(q["series"]) if "series" in q else None,
                    level=q.get("level", ""), state=q.get("state", ""))
    return office_queue(office_assignment(User.objects.get(username=who)), f).count()


def run(args) -> list[dict]:
    from django.test import Client

    from zhicheng.core.models import User

    results, clients = [], {}
    for who, label, path in pages():
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(User.objects.get(username=who))
        m = measure(clients[who], path, args.requests, args.warmup, args.show_sql)
        m["rows"] = queue_size(who, path)
        results.append({"who": who, "label": label, "path": path, **m})
        print(f"{label:28s} median {m['median']:7.1f} ms  p95 {m['p95']:7.1f} ms  "
              f"queries {m['queries']}  in queue {m['rows']}")
    return results


def update_readme(vendor: str, block: str) -> None:
    import re

    text = README.read_text() if README.exists() else "# Benchmarks\n"
    blocks: dict[str, str] = {}
    if START in text:
        before, rest = text.split(START, 1)
        old, after = rest.split(END, 1)
        for m in re.finditer(r"<!-- oq:(\w+):start -->\n(.*?)<!-- oq:\1:end -->", old, re.S):
            blocks[m.group(1)] = m.group(2)
    else:
        before, after = text.rstrip("\n") + "\n\n", "\n"
    blocks[vendor] = block
    body = HEADER + "".join(f"\n<!-- oq:{v}:start -->\n{blocks[v]}<!-- oq:{v}:end -->\n"
                            for v in sorted(blocks, key=lambda v: (v != "postgresql", v)))
    README.write_text(before + START + "\n" + body + END + after)


HEADER = """## Office review queue (`bench/office_queue_bench.py`)

Target: an office queue of 100,000 declarations filters and pages in < 150 ms median on
PostgreSQL (§4.2 queue: `/review/office/`), query counts flat.

Worst case: `bench/datagen.py` bulk-creates the declarations over 500 units, then every
unit is moved to 南宁市 and 60% of the declarations into the queue states, so 南宁市职改办
(`demo_city_office`) has all of them in scope and ~60% in its queue (the unit filter lists
every unit with a queued declaration). Requests go through `django.test.Client` in
process with a logged-in office user (full middleware, session saved on every request,
`DEBUG` off, `ZHICHENG_TODAY=2017-07-10`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_review \\
        .venv/bin/python bench/office_queue_bench.py
    .venv/bin/python bench/office_queue_bench.py          # SQLite, temporary file

What keeps it flat, and what was measured before:

- The queue is ordered by `id` (declaration order; stable while the office works through
  it) and paged in two steps: the page's ids (served by the primary-key index, stops after
  the page), then those 20 rows with their relations. Ordering by `state_changed_at` with
  `select_related` sorted the whole queue after hash-joining `core_user`: 0.96 s median
  for the unfiltered first page on a busy machine.
- The count is capped at 2,000 (`COUNT_CAP`, 100 pages): beyond it the page says
  "超过 2000 件" and asks for a filter. The exact count of a 64,000-row city queue cost
  75–190 ms (bitmap scan of the 52 MB table, plus the scope's OR over `core_unit` /
  `core_committee`).
- The unit filter's `<option>`s are built in one pass from `(id, name)` pairs: 500 units
  through widget templates and model instances were about half of the page's time.
- What remains (~60 ms of the ~90) is the request stack itself (session, auth, middleware,
  base template), the same as on other pages of this README.

Optional, for the lead (not needed for the target): the series office's scope
`Q(series_id=…) | Q(committee__office_id=…)` joins `core_committee` on every row, so
PostgreSQL cannot use the `(series, state)` index for it (capped count: 48 ms at cap 5,000,
~20 ms at 2,000). Writing the second half as
`Q(committee_id__in=Committee.objects.filter(office_id=…).values("pk"))` in
`declarations/domain/scope.py` (and likewise `unit_id__in=` for the city part) lets both
halves use indexes; an index `(state) INCLUDE (unit_id, committee_id, series_id, level)`
made the exact city count index-only (120 → 40 ms on a busy machine).
"""


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="zhicheng-office-bench-") as tmp:
        vendor = setup_django(Path(tmp), args.reuse)
        from pages_bench import machine

        try:
            note = "reused an earlier run's data" if args.reuse else load(args.declarations)
            print(note)
            results = run(args)
            where = machine(vendor)
        finally:
            if vendor == "postgresql" and not args.keep:
                from pages_bench import drop_pg_database

                drop_pg_database(os.environ["DATABASE_URL"])
        if args.no_readme:
            return

        worst = max(r["median"] for r in results)
        rows = "\n".join(
            f"| {r['label']} | `{r['path']}` | {r['median']:.1f} | {r['p95']:.1f} | "
            f"{'/'.join(map(str, r['queries']))} | {r['rows']:,} |" for r in results)
        block = (f"### {'PostgreSQL' if vendor == 'postgresql' else 'SQLite'}\n\n"
                 "| request | path | median ms | p95 ms | queries | in queue |\n"
                 "|---|---|---:|---:|---:|---:|\n" + rows + "\n\n"
                 f"Slowest median {worst:.1f} ms → target < {TARGET_MS:.0f} ms "
                 f"{'met' if worst < TARGET_MS else 'NOT met'}. {note}.\n\n"
                 f"Measured {dt.date.today():%Y-%m-%d} on {where}; {args.requests} "
                 f"requests per page after {args.warmup} warm-up.\n")
        update_readme(vendor, block)


if __name__ == "__main__":
    main()
