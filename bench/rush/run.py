"""Deadline rush: locust (headless, bounded) against gunicorn + PostgreSQL on loopback.

    flock /work/bench.lock env \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages_http \\
        .venv/bin/python bench/rush/run.py [--users 100] [--time 60s]

Needs the database bench/http_bench.py built (100,000 declarations; it is reused, not
rebuilt). Adds a fresh pool of applicants for this run, each with a realistic draft
(bench/datagen.py `realistic_draft`: bound to demo_unit's unit, facts, education and work
rows, every required material uploaded, so it can be submitted) and a password, then serves
the project as http_bench does (gunicorn 2 workers × 4 threads, DEBUG off) and runs
bench/rush/locustfile.py. Every simulated user starts with a session made beforehand (a
first run that logged 100 users in at once measured PBKDF2 for the whole minute: logins
took 24 s); statistics restart once every user has spawned (--reset-stats).
Target (issue 10): ≥ 200 req/s, 0 errors, p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUSH = Path(__file__).resolve().parent
BENCH = RUSH.parent
sys.path.insert(0, str(BENCH))

import http_bench  # noqa: E402

PASSWORD = "Zhicheng@2017"
REQUIRED = ["id_card", "education_certificate", "title_certificate",
            "continuing_education_certificate", "pledge"]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--users", type=int, default=100)
    p.add_argument("--spawn-rate", type=int, default=20)
    p.add_argument("--time", default="60s")
    p.add_argument("--applicants", type=int, default=40, help="applicant accounts in the pool")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    return p.parse_args()


def prepare(n: int, var: Path) -> dict:
    from datagen import pdf_bytes, realistic_draft
    from django.contrib.auth.hashers import make_password

    from zhicheng.core.models import Committee, Role, RoleAssignment, User
    from zhicheng.declarations.models import Declaration, State
    from zhicheng.notices.models import Notice
    from zhicheng.policy import idnumber

    hr = User.objects.get(username="demo_unit")
    unit = RoleAssignment.objects.get(user=hr, role=Role.UNIT_HR).unit
    committee = Committee.objects.get(code="engineering-senior")
    run = User.objects.filter(username__startswith="rush").count() // max(n, 1)
    hashed = make_password(PASSWORD)
    pool = []
    t0 = time.perf_counter()
    for i in range(n):
        k = run * 1000 + i
        person = User.objects.create(
            username=f"rush{run:02d}_{i:03d}", password=hashed, real_name="赵申报",
            id_number=idnumber.compose("450103", dt.date(1975 + k % 10, 1 + k % 12, 1 + k % 28),
                                       k % 900 + 100))
        RoleAssignment.objects.create(user=person, role=Role.APPLICANT)
        decl = realistic_draft(person, unit=unit, hr=hr, committee=committee,
                               materials=tuple(REQUIRED))
        pool.append({"username": person.username, "declaration": decl.pk})
    print(f"{n} applicants with ready drafts in {time.perf_counter() - t0:.1f} s", flush=True)
    pdf = var / "proof.pdf"
    pdf.write_bytes(pdf_bytes(1))
    unit_decls = list(Declaration.objects.filter(unit=unit, state=State.SUBMITTED)
                      .order_by("id").values_list("pk", flat=True)[:50])
    # One signed-in session per simulated user, made beforehand (as http_bench does): a
    # storm of PBKDF2 logins at the start would measure password hashing, not the rush.
    from django.conf import settings
    from django.test import Client

    def session(user) -> str:
        c = Client()
        c.force_login(user)
        return c.cookies[settings.SESSION_COOKIE_NAME].value

    for account in pool:
        person = User.objects.get(username=account["username"])
        account["sessions"] = [session(person) for _ in range(3)]
    sessions = {who: [session(User.objects.get(username=who)) for _ in range(20)]
                for who in ("demo_unit", "demo_city_office")}
    return {"password": PASSWORD, "applicants": pool, "pdf": str(pdf), "sessions": sessions,
            "notice": Notice.objects.order_by("id").first().pk,
            "unit_declarations": unit_decls}


def summary(prefix: Path) -> tuple[list[dict], dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return [r for r in rows if r["Name"] != "Aggregated"], total


def main():
    args = parse_args()
    var = Path(tempfile.mkdtemp(prefix="zhicheng-rush-"))
    http_bench.setup_django(var, reuse=True)
    pool = prepare(args.applicants, var)
    pool_file = var / "pool.json"
    pool_file.write_text(json.dumps(pool), encoding="utf-8")
    from django.db import connections

    connections.close_all()
    env = dict(os.environ, RUSH_POOL=str(pool_file))
    server = http_bench.gunicorn("zhicheng.wsgi:application", http_bench.APP_PORT, args,
                                 http_bench.ROOT, env)
    prefix = var / "rush"
    load0 = os.getloadavg()
    cpu0 = http_bench.cpu_seconds()
    try:
        subprocess.run([str(http_bench.VENV_BIN / "locust"), "-f", str(RUSH / "locustfile.py"),
                        "--headless", "-u", str(args.users), "-r", str(args.spawn_rate),
                        "-t", args.time, "--host", f"http://127.0.0.1:{http_bench.APP_PORT}",
                        "--csv", str(prefix), "--only-summary", "--stop-timeout", "5",
                        "--reset-stats"],
                       env=env, check=False)
    finally:
        cpu1 = http_bench.cpu_seconds()
        http_bench.stop(server)
    load1 = os.getloadavg()
    rows, total = summary(prefix)
    print("\n| request | requests | failures | req/s | median ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in [*sorted(rows, key=lambda r: -int(r["Request Count"])), total]:
        print(f"| {r['Type']} {r['Name']} | {r['Request Count']} | {r['Failure Count']} | "
              f"{float(r['Requests/s']):.1f} | {r['50%']} | {r['95%']} | {r['99%']} |")
    print(f"\nusers {args.users}, {args.time}; load average "
          f"{', '.join(f'{x:.2f}' for x in load0)} before, "
          f"{', '.join(f'{x:.2f}' for x in load1)} after; "
          f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    # Over the whole run (spawning included), per request counted after the reset: an upper
    # bound of the mix's CPU cost; 2 cores ÷ it bounds the req/s this machine could serve
    # with nothing else (locust) on its cores.
    app = f"port {http_bench.APP_PORT}"
    used = http_bench.cpu_used(cpu0, cpu1)
    count = max(int(total["Request Count"]), 1)
    print(f"CPU per request: server {1000 * used.get(app, 0.0) / count:.1f} ms + PostgreSQL "
          f"{1000 * used.get('postgres', 0.0) / count:.1f} ms")
    failures = var / "rush_failures.csv"
    if failures.exists():
        print(failures.read_text(encoding="utf-8")[:3000])


if __name__ == "__main__":
    main()
