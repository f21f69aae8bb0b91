"""Benchmark: the five key pages through the real server, each beside the framework floor.

    flock /work/bench.lock env \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages_http \\
        .venv/bin/python bench/http_bench.py [--reuse]

Issue 10's method: the floor (bench/floor, a bare Django view rendering a 20-item template,
no database, no middleware) and the project are served by the same gunicorn command as
`make run` (2 workers × 4 threads, gthread, DEBUG off; access log off for both), and wrk
(`wrk -t2 -c16 -d10s --latency`, Debian's wrk) loads one at a time, alternating floor and
page round by round; each figure is the median of 3 rounds. The ratio is the page's req/s
over the floor's req/s of the same rounds.

Data (PostgreSQL, the database in DATABASE_URL, name must start with "bench_pages_"): the
demo catalogue, one applicant's realistic draft (bench/datagen.py `realistic_draft`), then
100,000 declarations by `datagen.generate` (2% in demo_unit's unit), and a posted public
notice of 63 entries of that unit. Sessions: one login per user (django.test.Client
force_login writes the session row the server reads); wrk sends the session cookie.
Query counts: one in-process request per page through django.test.Client, the same
database, CaptureQueriesContext; measured at 1,000 declarations too unless --reuse.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VENV_BIN = Path(sys.executable).parent
README = BENCH_DIR / "README.md"
START, END = "<!-- http-bench:start -->", "<!-- http-bench:end -->"
TODAY = "2017-05-15"
FLOOR_PORT, APP_PORT, STACK_PORT = 8931, 8932, 8933
NOTICE_ENTRIES = 63


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--declarations", type=int, default=100_000)
    p.add_argument("--baseline", type=int, default=1_000,
                   help="declarations at which query counts are first taken")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", default="10s")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--reuse", action="store_true",
                   help="measure the database an earlier run left (it is kept)")
    p.add_argument("--only", default="", help="comma-separated page keys to measure")
    p.add_argument("--no-readme", action="store_true")
    p.add_argument("--no-stack", action="store_true",
                   help="leave out the project's request-stack floors (bench/stackfloor)")
    return p.parse_args()


# ---- database and data ---------------------------------------------------------------------

def setup_django(var: Path, reuse: bool) -> None:
    os.environ["ZHICHENG_TODAY"] = TODAY
    os.environ["ZHICHENG_VAR_DIR"] = str(var)
    os.environ["ZHICHENG_DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhicheng.settings"
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL database bench_pages_…")
    if not url.rsplit("/", 1)[-1].startswith("bench_pages_"):
        sys.exit("the database's name must start with bench_pages_")
    sys.path.insert(0, str(BENCH_DIR))
    from pages_bench import recreate_pg_database

    if not reuse:
        recreate_pg_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def post_notice(unit, n: int):
    """A posted public notice of n of the unit's declarations (bulk, as posting snapshots
    them): background data for the public page, not the workflow."""
    from django.utils import timezone

    from zhicheng.core.models import Plan, User
    from zhicheng.declarations.models import Declaration
    from zhicheng.notices.domain import names
    from zhicheng.notices.models import Notice, NoticeEntry

    decls = list(Declaration.objects.filter(unit=unit).select_related("applicant")
                 .order_by("id")[:n])
    notice = Notice.objects.create(
        unit=unit, plan=Plan.objects.get(code="gx-2017"), starts_on=dt.date(2017, 5, 10),
        working_days=5, ends_on=dt.date(2017, 5, 16),
        posted_by=User.objects.get(username="demo_unit"), posted_role="unit_hr",
        posted_at=timezone.now())
    NoticeEntry.objects.bulk_create([NoticeEntry(
        notice=notice, declaration=d, name=d.applicant.real_name, series_name="工程",
        specialty_name="道路与桥梁", level=d.level,
        level_label="副高级" if d.level == "deputy_senior" else "正高级",
        kind_label="正常申报", content_hash="0" * 64,
        materials=[{"group": "现有职称", "title": "工程师"},
                   {"group": "学历", "title": "广西大学 土木工程 大学本科"},
                   {"group": "论文著作", "title": f"高速公路桥梁病害检测技术研究（{k}）"},
                   {"group": "项目课题", "title": "南宁至百色高速公路改扩建工程设计"}],
        pinyin_key=names.pinyin_key(d.applicant.real_name),
        stroke_key=names.stroke_key(d.applicant.real_name))
        for k, d in enumerate(decls)])
    return notice


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")


def build(args) -> list[str]:
    """Generate the data; returns notes. Query counts at the baseline go to STATE."""
    from datagen import generate
    from pages_bench import make_people

    from zhicheng.declarations.models import Declaration

    notes = []
    _person, _hr, unit, _decl = make_people()
    for target in (args.baseline, args.declarations):
        missing = target - Declaration.objects.count()
        stats = generate(missing, hr_unit=unit, hr_share=0.02)
        if target == args.baseline:
            post_notice(unit, NOTICE_ENTRIES)
        analyze()
        notes.append(f"{Declaration.objects.count():,} declarations: generated "
                     f"{stats.declarations:,} with {stats.audit_events:,} audit events in "
                     f"{stats.seconds:.1f} s")
        print(notes[-1], flush=True)
        if target == args.baseline:
            STATE["baseline_queries"] = {k: v for k, (v, _) in query_counts().items()}
    return notes


STATE: dict = {}


def targets() -> dict[str, tuple[str, str, str | None]]:
    """key → (label, path, username or None for anonymous)."""
    from zhicheng.core.models import User
    from zhicheng.declarations.models import Declaration
    from zhicheng.notices.models import Notice

    person = User.objects.get(username="bench_measured")
    decl = Declaration.objects.filter(applicant=person).get()
    notice = Notice.objects.order_by("id").first()
    unit_pk, office_pk = review_targets()
    return {
        "home": ("applicant 工作台", "/", "bench_measured"),
        "edit": ("declaration form", f"/apply/{decl.pk}/edit/", "bench_measured"),
        "status": ("status page", f"/declarations/{decl.pk}/", "bench_measured"),
        "queue": ("office queue", "/review/office/", "demo_city_office"),
        # The other pages of the officials' daily work (issue 10: "every page later issues
        # add to a role's daily work"): the unit's queue and the two review pages (dossier).
        "unit_queue": ("unit queue", "/review/unit/", "demo_unit"),
        "unit_review": ("unit review page (dossier)", f"/review/unit/{unit_pk}/", "demo_unit"),
        "office_review": ("office review page (dossier)", f"/review/office/{office_pk}/",
                          "demo_city_office"),
        "notice": (f"public notice ({NOTICE_ENTRIES} entries)", f"/notices/{notice.pk}/", None),
    }


# The project's request stack doing no page work (bench/stackfloor, served by a third server
# with the project's settings): what every page spends before its own queries and template.
STACK = {
    "stack_anon": ("stack floor: the project's middleware, anonymous", "/_floor/anonymous/",
                   None),
    "stack_signed": ("stack floor: signed in (session, user)", "/_floor/signed-in/",
                     "bench_measured"),
    "stack_chrome": ("stack floor: signed in, base.html and navigation", "/_floor/chrome/",
                     "bench_measured"),
}


def review_targets() -> tuple[int, int]:
    """A submitted declaration of demo_unit's unit, and the first of the city office's queue."""
    from zhicheng.core.models import Role, RoleAssignment, User
    from zhicheng.declarations.models import Declaration, State
    from zhicheng.review.domain.office import office_assignment, office_queue

    hr = User.objects.get(username="demo_unit")
    unit = RoleAssignment.objects.get(user=hr, role=Role.UNIT_HR).unit
    mine = Declaration.objects.filter(unit=unit, state=State.SUBMITTED).order_by("id").first()
    office = office_queue(office_assignment(User.objects.get(username="demo_city_office")))
    return mine.pk, office.order_by("id").first().pk


def query_counts() -> dict[str, tuple[int, int]]:
    """key → (queries, bytes) of one in-process request (after one warm-up)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zhicheng.core.models import User

    out = {}
    for key, (_label, path, who) in targets().items():
        client = Client()
        if who:
            client.force_login(User.objects.get(username=who))
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(path)
        assert r.status_code == 200, (path, r.status_code)
        out[key] = (len(ctx.captured_queries), len(r.content))
    return out


def queue_size() -> int:
    from zhicheng.core.models import User
    from zhicheng.review.domain.office import office_assignment, office_queue

    return office_queue(office_assignment(User.objects.get(username="demo_city_office"))).count()


def session_cookies() -> dict[str, str]:
    """One login per user; the server reads the same session table."""
    from django.conf import settings
    from django.test import Client

    from zhicheng.core.models import User

    cookies = {}
    for who in ("bench_measured", "demo_city_office", "demo_unit"):
        client = Client()
        client.force_login(User.objects.get(username=who))
        cookies[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


# ---- servers and wrk -----------------------------------------------------------------------

def gunicorn(app: str, port: int, args, chdir: Path, env: dict) -> subprocess.Popen:
    cmd = [str(VENV_BIN / "gunicorn"), app, "--bind", f"127.0.0.1:{port}",
           "--workers", str(args.workers), "--threads", str(args.threads),
           "--worker-class", "gthread", "--keep-alive", "5", "--chdir", str(chdir)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    for _ in range(200):
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
            return proc
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return proc
        if proc.poll() is not None:
            sys.exit(f"gunicorn {app} exited: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.1)
    sys.exit(f"gunicorn {app} did not answer")


def stop(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(10)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    return float(m.group(1)) * UNITS[m.group(2)]


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds() -> dict[str, tuple[str, float]]:
    """pid → (group, CPU seconds used so far) of the gunicorn servers (grouped by port) and of
    PostgreSQL's processes, from /proc: req/s swing with the host's load, CPU per request
    much less. cpu_used() takes the difference of two of these."""
    out: dict[str, tuple[str, float]] = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace")
        except OSError:
            continue
        if "gunicorn" in cmd:
            m = re.search(r"--bind 127\.0\.0\.1:(\d+)", cmd)
            key = f"port {m.group(1)}" if m else "gunicorn"
        elif cmd.startswith("postgres"):
            key = "postgres"
        else:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        out[pid] = (key, (int(fields[11]) + int(fields[12])) / _TICK)
    return out


def cpu_used(before: dict[str, tuple[str, float]], after: dict[str, tuple[str, float]]
             ) -> dict[str, float]:
    """CPU seconds per group between two readings: each process's own difference (a process
    that started in between counts from zero; one that ended in between is not seen after,
    and its last seconds are lost — PostgreSQL's connections last CONN_MAX_AGE, 60 s)."""
    used: dict[str, float] = {}
    for pid, (key, seconds) in after.items():
        was = before.get(pid)
        used[key] = used.get(key, 0.0) + seconds - (was[1] if was and was[0] == key else 0.0)
    return used


def wrk(url: str, args, cookie: str | None) -> dict:
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}", "--latency", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    before = cpu_seconds()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    used = cpu_used(before, cpu_seconds())
    done = int(re.search(r"(\d+) requests in", out).group(1))
    server = f"port {urllib.parse.urlsplit(url).port}"
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    if "99" not in lat:
        sys.exit(f"unexpected wrk output for {url}:\n{out}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": _ms(lat["50"]), "p99": _ms(lat["99"]),
            "server_ms": 1000 * used.get(server, 0.0) / max(done, 1),
            "db_ms": 1000 * used.get("postgres", 0.0) / max(done, 1),
            "non2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1) if errors else ""}


def measure(args, cookies: dict[str, str], keys: list[str]) -> dict[str, dict]:
    pages = {**targets(), **STACK}
    env = dict(os.environ, PYTHONPATH=str(BENCH_DIR))
    floor = gunicorn("floor.wsgi:application", FLOOR_PORT, args, BENCH_DIR,
                     dict(env, DJANGO_SETTINGS_MODULE="floor.settings"))
    app = gunicorn("zhicheng.wsgi:application", APP_PORT, args, ROOT, env)
    stack = (gunicorn("zhicheng.wsgi:application", STACK_PORT, args, ROOT,
                      dict(env, DJANGO_SETTINGS_MODULE="stackfloor.settings"))
             if any(k in STACK for k in keys) else None)

    def port(k: str) -> int:
        return STACK_PORT if k in STACK else APP_PORT
    runs: dict[str, dict[str, list]] = {k: {"page": [], "floor": []} for k in keys}
    try:
        for k in keys:  # warm both servers' workers and caches
            subprocess.run(["wrk", "-t2", "-c4", "-d2s", f"http://127.0.0.1:{FLOOR_PORT}/"],
                           capture_output=True, check=True)
            path, who = pages[k][1], pages[k][2]
            cmd = ["wrk", "-t2", "-c4", "-d2s", f"http://127.0.0.1:{port(k)}{path}"]
            if who:
                cmd[1:1] = ["-H", f"Cookie: sessionid={cookies[who]}"]
            subprocess.run(cmd, capture_output=True, check=True)
        for r in range(args.rounds):
            for k in keys:
                label, path, who = pages[k]
                f = wrk(f"http://127.0.0.1:{FLOOR_PORT}/", args, None)
                p = wrk(f"http://127.0.0.1:{port(k)}{path}", args,
                        cookies[who] if who else None)
                runs[k]["floor"].append(f)
                runs[k]["page"].append(p)
                print(f"round {r + 1} {label:32s} {p['rps']:8.1f} req/s p50 {p['p50']:6.1f} "
                      f"p99 {p['p99']:6.1f} ms (non-2xx {p['non2xx']}) CPU/req "
                      f"{p['server_ms']:.2f} + db {p['db_ms']:.2f} ms   floor "
                      f"{f['rps']:8.1f} req/s {f['server_ms']:.2f} ms", flush=True)
    finally:
        stop(app)
        stop(floor)
        if stack is not None:
            stop(stack)
    return runs


def summarise(runs: dict[str, dict]) -> dict[str, dict]:
    out = {}
    for k, r in runs.items():
        med = {m: statistics.median(x[m] for x in r["page"])
               for m in ("rps", "p50", "p99", "server_ms", "db_ms")}
        floor = statistics.median(x["rps"] for x in r["floor"])
        med["floor_ms"] = statistics.median(x["server_ms"] for x in r["floor"])
        ratios = [p["rps"] / f["rps"] for p, f in zip(r["page"], r["floor"], strict=True)]
        out[k] = {**med, "floor": floor, "ratio": med["rps"] / floor,
                  "ratio_rounds": ratios,
                  "non2xx": sum(x["non2xx"] for x in r["page"]),
                  "socket_errors": [x["socket_errors"] for x in r["page"] if x["socket_errors"]]}
    return out


# ---- report --------------------------------------------------------------------------------

def machine() -> str:
    from django.db import connection

    cpu = platform.machine()
    with contextlib.suppress(OSError, AttributeError):
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1)
    with connection.cursor() as c:
        c.execute("SHOW server_version")
        db = "PostgreSQL " + c.fetchone()[0].split()[0]
    wrk_v = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[:2]
    return (f"{cpu.strip()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"Django {__import__('django').get_version()}, {db}, {' '.join(wrk_v)}")


def table(summary, counts, baseline, qsize) -> str:
    lines = ["| page | req/s | p50 / p99 ms | floor req/s | ratio (rounds) | CPU ms per request: "
             "server + PostgreSQL (floor) | queries (1,000 → 100,000) | target ≥ 0.25, "
             "p99 < 200 |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    labels = {**targets(), **STACK}
    for k, s in summary.items():
        label, path, _ = labels[k]
        if k == "queue":
            label += f" ({qsize:,} in queue)"
        q = counts[k][0] if k in counts else "—"
        qb = baseline.get(k, "—") if baseline else "—"
        met = "met" if s["ratio"] >= 0.25 and s["p99"] < 200 and not s["non2xx"] else "NOT met"
        if k in STACK:
            met = "(reference)"
        rr = ", ".join(f"{x:.3f}" for x in s["ratio_rounds"])
        lines.append(f"| {label} `{re.sub(r'/\d+/', '/<pk>/', path)}` | {s['rps']:.0f} | "
                     f"{s['p50']:.0f} / {s['p99']:.0f} | {s['floor']:.0f} | "
                     f"**{s['ratio']:.3f}** ({rr}) | {s['server_ms']:.2f} + {s['db_ms']:.2f} "
                     f"({s['floor_ms']:.2f}) | {qb} → {q} | {met} |")
    return "\n".join(lines)


def update_readme(block: str) -> None:
    text = README.read_text()
    if START in text:
        before, rest = text.split(START, 1)
        _old, after = rest.split(END, 1)
    else:
        before, after = text.rstrip("\n") + "\n\n", "\n"
    README.write_text(before + START + "\n" + block + END + after)


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    var = Path(tempfile.mkdtemp(prefix="zhicheng-http-bench-"))
    setup_django(var, args.reuse)
    notes = [] if args.reuse else build(args)
    counts = query_counts()
    print("queries:", {k: v[0] for k, v in counts.items()}, flush=True)
    cookies = session_cookies()
    from django.db import connections

    connections.close_all()
    keys = [k for k in [*([] if args.no_stack else STACK), *targets()]
            if not args.only or k in args.only.split(",")]
    load0 = os.getloadavg()
    runs = measure(args, cookies, keys)
    load1 = os.getloadavg()
    summary = summarise(runs)
    qsize = queue_size()
    out = table(summary, counts, STATE.get("baseline_queries"), qsize)
    print(out)
    errs = {k: (s["non2xx"], s["socket_errors"]) for k, s in summary.items()
            if s["non2xx"] or s["socket_errors"]}
    if errs:
        print("errors:", errs)
    if args.no_readme:
        return
    block = (f"{out}\n\n" + "".join(f"- {n}\n" for n in notes) +
             (f"- errors: {errs}\n" if errs else "") +
             f"\nMeasured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}; "
             f"`wrk -t2 -c{args.connections} -d{args.duration}`, median of {args.rounds} "
             f"rounds, floor and page alternating; gunicorn {args.workers} workers × "
             f"{args.threads} threads; load average "
             f"{', '.join(f'{x:.2f}' for x in load0)} before, "
             f"{', '.join(f'{x:.2f}' for x in load1)} after.\n")
    update_readme(block)
    json.dump({"summary": summary, "counts": counts}, sys.stdout, default=str)
    print()


if __name__ == "__main__":
    main()
