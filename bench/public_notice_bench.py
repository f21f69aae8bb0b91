"""Benchmark: the public notice page (§4.1.3) of a unit with 2,000 applicants.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_notices \\
        .venv/bin/python bench/public_notice_bench.py
    .venv/bin/python bench/public_notice_bench.py          # SQLite, temporary file

Target (issue 5): the page renders in < 200 ms (median), with a number of SQL queries that
does not grow with the number of applicants.

The PostgreSQL database named in DATABASE_URL is dropped and created afresh (its name must
start with "bench"), migrated and dropped again at the end unless --keep. The data is made
with bulk_create: one unit, --entries applicants and declarations, one posted notice with
one entry per declaration (six declared items each, as posting would snapshot them), and
objections on 2% of the entries. A smaller notice (--small entries) in the same database is
measured too, to show the query count is flat. Requests go through django.test.Client
anonymously (full middleware stack), --warmup unmeasured then --requests measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
README = BENCH_DIR / "README.md"
START, END = "<!-- public-notice-bench:start -->", "<!-- public-notice-bench:end -->"
TARGET_MS = 200.0
TODAY = "2017-07-12"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡" \
           "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦覃莫黎蒙农"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华文海波宁红兰志国建新"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--order", choices=["pinyin", "strokes"], default="pinyin")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--no-readme", action="store_true")
    return parser.parse_args()


def _admin_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def _pg(url: str, create: bool) -> None:
    import psycopg

    admin, name = _admin_url(url)
    if not name.startswith("bench"):
        sys.exit(f"refusing to drop database {name!r}: its name must start with 'bench'")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(tmp: Path) -> str:
    os.environ["ZHICHENG_TODAY"] = TODAY
    os.environ["ZHICHENG_VAR_DIR"] = str(tmp / "var")
    os.environ["ZHICHENG_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        _pg(url, create=True)
    elif not url:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench_notices.sqlite3'}"
    else:
        sys.exit(f"unsupported DATABASE_URL {url!r}")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def generate(n_big: int, n_small: int, order: str):
    """Two notices of one unit (n_big and n_small entries); returns their ids."""
    from django.db import connection, transaction
    from django.utils import timezone

    from zhicheng.core.domain.workdays import notice_period
    from zhicheng.core.models import (
        City,
        Committee,
        Office,
        OfficeKind,
        Plan,
        Series,
        Unit,
        UnitType,
        User,
    )
    from zhicheng.declarations.models import Declaration, State
    from zhicheng.notices.domain import names
    from zhicheng.notices.models import Notice, NoticeEntry, NoticeSetting, Objection
    from zhicheng.policy import idnumber

    rng = random.Random(2017)
    with transaction.atomic():
        city = City.objects.create(code="450100", name="南宁市")
        series = Series.objects.create(code="engineering", name="工程")
        office = Office.objects.create(name="南宁市职改办", kind=OfficeKind.CITY, city=city)
        s_office = Office.objects.create(name="工程系列职改办", kind=OfficeKind.SERIES,
                                         series=series)
        committee = Committee.objects.create(
            code="eng-senior", name="工程系列高级评委会", series=series,
            min_level="deputy_senior", max_level="senior", area="region", office=s_office)
        plan = Plan.objects.create(code="gx-2017", year=2017, name="2017年度",
                                   policy_code="gx-2017", document_number="桂职办〔2017〕26号",
                                   issued_on=dt.date(2017, 3, 18))
        unit = Unit.objects.create(name="广西壮族自治区交通规划勘察设计研究院",
                                   credit_code="91450100MA5KB0001X"[:17] + "0",
                                   unit_type=UnitType.PUBLIC_INSTITUTION, city=city)
        poster = User.objects.create(username="bench_hr", real_name="人事处")
        NoticeSetting.objects.create(office=office, order=order, updated_by=poster)
        total = n_big + n_small
        users = User.objects.bulk_create([User(
            username=f"a{i}", real_name=rng.choice(SURNAMES) + "".join(
                rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
            id_number=idnumber.compose(f"4501{i // 900 % 100:02d}",
                                       dt.date(1970 + i % 25, 1 + i % 12, 1 + i % 28),
                                       i % 900 + 100))
            for i in range(total)], batch_size=1000)
        decls = Declaration.objects.bulk_create([Declaration(
            applicant=u, plan=plan, committee=committee, series=series, unit=unit,
            level=rng.choice(("deputy_senior", "senior")), id_number=u.id_number,
            current_title_name="工程师", state=State.UNIT_NOTICE) for u in users],
            batch_size=1000)
        starts = dt.date.fromisoformat(TODAY)
        period = notice_period(starts, 5)
        ids = []
        for chunk in (decls[:n_big], decls[n_big:]):
            notice = Notice.objects.create(
                unit=unit, plan=plan, starts_on=starts, working_days=5, ends_on=period.ends_on,
                posted_by=poster, posted_role="unit_hr", posted_at=timezone.now())
            entries = NoticeEntry.objects.bulk_create([NoticeEntry(
                notice=notice, declaration=d, name=d.applicant.real_name, series_name="工程",
                specialty_name="道路与桥梁", level=d.level,
                level_label="副高级" if d.level == "deputy_senior" else "正高级",
                kind_label="正常申报", content_hash="0" * 64,
                materials=[{"group": "现有职称", "title": "工程师"},
                           {"group": "学历", "title": "广西大学 土木工程 大学本科"},
                           {"group": "论文著作", "title": f"高速公路桥梁病害检测技术研究（{k}）"},
                           {"group": "项目课题", "title": "南宁至百色高速公路改扩建工程设计"},
                           {"group": "获奖", "title": "广西优秀工程勘察设计奖二等奖"},
                           {"group": "申报材料", "title": "专业技术工作总结"}],
                pinyin_key=names.pinyin_key(d.applicant.real_name),
                stroke_key=names.stroke_key(d.applicant.real_name))
                for k, d in enumerate(chunk)], batch_size=1000)
            Objection.objects.bulk_create([Objection(
                entry=e, objector_name="王明", phone="13800000000", text="异议内容",
                lodged_at=timezone.now()) for e in entries[::50]])
            ids.append(notice.pk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return ids


def measure(path: str, requests: int, warmup: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for _ in range(warmup):
        assert client.get(path).status_code == 200
    times, cpu, counts = [], [], set()
    for _ in range(requests):
        with CaptureQueriesContext(connection) as ctx:
            c0, t0 = time.process_time(), time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code == 200
        counts.add(len(ctx.captured_queries))
    times.sort()
    return {"median": statistics.median(times), "cpu": statistics.median(cpu),
            "p95": times[round(0.95 * len(times)) - 1],
            "queries": sorted(counts), "bytes": len(response.content)}


def server_version(vendor: str) -> str:
    from django.db import connection

    if vendor == "postgresql":
        v = connection.pg_version
        return f"PostgreSQL {v // 10000}.{v % 10000}"
    import sqlite3
    return f"SQLite {sqlite3.sqlite_version}"


def write_readme(rows: list[str], note: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    header = (f"{START}\n## Public notice page (`bench/public_notice_bench.py`)\n\n"
              "Target (issue 5, §4.1.3): the public notice page of a unit with 2,000 "
              "applicants renders in < 200 ms (median), with a flat query count. Anonymous "
              "GET of `/notices/<id>/` through django.test.Client (full middleware stack); data "
              "made with bulk_create (six declared items per applicant, objections on 2%).\n\n"
              "    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_notices "
              ".venv/bin/python bench/public_notice_bench.py\n"
              "    .venv/bin/python bench/public_notice_bench.py   # SQLite\n\n"
              "| engine | applicants on the page | median (ms) | p95 (ms) | CPU median (ms) | "
              "SQL queries | page size (KB) | target |\n|---|---:|---:|---:|---:|---:|---:|---|\n")
    section = header + "\n".join(rows) + f"\n\n{note}\n{END}"
    if START in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text, encoding="utf-8")


def merge_rows(new_rows: list[str], engine: str) -> list[str]:
    """Keep the other engine's rows from the README; replace this engine's."""
    if not README.exists():
        return new_rows
    text = README.read_text(encoding="utf-8")
    if START not in text:
        return new_rows
    old = text.split(START, 1)[1].split(END, 1)[0]
    kept = [line for line in old.splitlines()
            if line.startswith("| ") and not line.startswith(("| engine", f"| {engine}"))
            and not line.startswith("|---")]
    return kept + new_rows


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as tmp:
        vendor = setup_django(Path(tmp))
        t0 = time.perf_counter()
        big, small = generate(args.entries, args.small, args.order)
        gen = time.perf_counter() - t0
        results = {n: measure(f"/notices/{pk}/", args.requests, args.warmup)
                   for n, pk in ((args.small, small), (args.entries, big))}
        version = server_version(vendor)
        from django.db import connections
        connections.close_all()
    if url and not args.keep:
        _pg(url, create=False)
    load = os.getloadavg()
    rows = []
    for n, r in results.items():
        ok = "met" if r["median"] < TARGET_MS else "NOT met"
        rows.append(f"| {vendor} ({version}) | {n:,} | {r['median']:.1f} | {r['p95']:.1f} | "
                    f"{r['cpu']:.1f} | {', '.join(map(str, r['queries']))} | "
                    f"{r['bytes'] / 1024:.0f} | "
                    f"{ok if n == args.entries else '—'} |")
        print(f"{vendor}: {n} entries: median {r['median']:.1f} ms, p95 {r['p95']:.1f} ms, "
              f"CPU {r['cpu']:.1f} ms, "
              f"queries {r['queries']}, {r['bytes']} bytes")
    print(f"generated in {gen:.1f} s")
    note = (f"Measured {dt.date.today()} on {platform.machine()} ({os.cpu_count()} CPUs, load "
            f"{load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}), Python {platform.python_version()}; "
            f"order by {args.order}, {args.requests} requests after {args.warmup} warm-up. "
            "The machine was shared with other work, so these are upper bounds.")
    if not args.no_readme:
        write_readme(merge_rows(rows, vendor), note)


if __name__ == "__main__":
    main()
