"""Audited autosaves per second through the real server, beside the database's own floor.

Migrates a fresh PostgreSQL database (the one named in DATABASE_URL, dropped and
recreated; its name must start with "bench"), loads the demo catalogue and makes
--applicants drafts the way applicants make them (bench/datagen.py realistic_draft: bound
and confirmed, facts, 2 education, 1 work and 2 achievement rows). Each applicant gets a
signed-in session; its edit page is fetched once through the server and parsed into the
form's POST, as the browser would send it. Then, round by round and alternating:

- app: gunicorn (production settings, `--workers W --threads 4 --worker-class gthread`,
  as `make run`), C client threads, each its own applicant on its own keep-alive
  connection, POSTing /apply/<pk>/autosave/ back to back for --seconds, every save
  changing one row field (so every save writes one audit event);
- floor: C psycopg connections doing what an audited write must at least do:
  BEGIN; UPDATE the declaration; pg_advisory_xact_lock(the chain's key); INSERT one row
  into a scratch table; COMMIT.

The figure is the median over rounds; the ratio is app / floor of the same round.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_writes_autosave \\
        flock /work/bench.lock .venv/bin/python bench/autosave_bench.py
"""

import argparse
import datetime as dt
import html.parser
import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
TODAY = "2017-05-15"
sys.path.insert(0, str(BENCH_DIR))

from pages_bench import recreate_pg_database  # noqa: E402


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--applicants", type=int, default=64)
    p.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16, 64])
    p.add_argument("--workers", type=int, nargs="+", default=[2])
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--no-readme", action="store_true")
    return p.parse_args()


# ---- data ----------------------------------------------------------------------------------

def setup(n: int, tmp: Path) -> list[tuple[int, str]]:
    """(declaration pk, session key) of n applicants with realistic drafts."""
    os.environ.update(server_env(tmp))  # the server's secret: sessions are signed with it
    recreate_pg_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from datagen import realistic_draft
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.utils.module_loading import import_string

    from zhicheng.core.models import Committee, Role, RoleAssignment, User
    from zhicheng.demo.load import load_demo
    from zhicheng.policy import idnumber

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `make run`
    load_demo()
    hr = User.objects.get(username="demo_unit")
    unit = RoleAssignment.objects.get(user=hr, role=Role.UNIT_HR).unit
    committee = Committee.objects.get(code="engineering-senior")
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    out = []
    for i in range(n):
        person = User.objects.create_user(
            username=f"bench_autosave_{i}", password=None, real_name="李明",
            id_number=idnumber.compose("450105", dt.date(1981, 3, 9), 100 + i))
        RoleAssignment.objects.create(user=person, role=Role.APPLICANT)
        decl = realistic_draft(person, unit=unit, hr=hr, committee=committee, materials=())
        session = store()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the one that logs in
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.set_expiry(6 * 3600)  # outlives the run
        session.save()
        out.append((decl.pk, session.session_key))
    from django.db import connections

    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("CREATE TABLE bench_floor_event (id bigserial PRIMARY KEY, "
                       "prev_hash text, body jsonb)")
    connections.close_all()
    return out


class FormReader(html.parser.HTMLParser):
    """The POST a browser would send for the page's form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select = None
        self._select_value = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in a:  # the first, or the chosen
                self._select_value = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None


# ---- server --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(tmp: Path) -> dict:
    return {"DJANGO_SETTINGS_MODULE": "zhicheng.settings_production",
            "ZHICHENG_SECRET_KEY": "bench-" + "x" * 50, "ZHICHENG_ALLOWED_HOSTS": "127.0.0.1",
            "ZHICHENG_DEBUG": "0", "ZHICHENG_TODAY": TODAY, "ZHICHENG_VAR_DIR": str(tmp / "var")}


def start_server(workers: int, threads: int, port: int, tmp: Path) -> subprocess.Popen:
    env = {**os.environ, **server_env(tmp)}
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "zhicheng.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--worker-class", "gthread", "--keep-alive", "5", "--log-level", "warning"],
        env=env, start_new_session=True)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    stop_server(proc)
    raise SystemExit("gunicorn did not start")


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Applicant:
    def __init__(self, port: int, pk: int, session_key: str):
        self.port, self.pk = port, pk
        self.csrf = secrets.token_hex(16)  # a 32-character secret, as the cookie holds it
        self.cookie = f"sessionid={session_key}; csrftoken={self.csrf}"
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.post: list[tuple[str, str]] = []
        self.n = 0

    def headers(self, **more) -> dict:
        base = f"https://127.0.0.1:{self.port}"
        return {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https",
                "Cookie": self.cookie, "Origin": base,
                "Referer": f"{base}/apply/{self.pk}/edit/", **more}

    def load_page(self) -> None:
        self.conn.request("GET", f"/apply/{self.pk}/edit/", headers=self.headers())
        r = self.conn.getresponse()
        body = r.read().decode()
        if r.status != 200:
            raise SystemExit(f"edit page: {r.status} {body[:300]}")
        reader = FormReader()
        reader.feed(body)
        self.post = [(k, v) for k, v in reader.fields if k != "csrfmiddlewaretoken"]
        if not any(k == "education-0-major" for k, _ in self.post):
            raise SystemExit("edit page without education rows")

    def autosave(self) -> tuple[float, bool]:
        self.n += 1
        fields = [(k, f"土木工程{self.n % 97}" if k == "education-0-major" else v)
                  for k, v in self.post]
        body = urllib.parse.urlencode([("csrfmiddlewaretoken", self.csrf), *fields])
        headers = self.headers(**{"Content-Type": "application/x-www-form-urlencoded",
                                  "HX-Request": "true"})
        t0 = time.perf_counter()
        for attempt in (1, 2):  # gunicorn closes idle keep-alive connections (after 5 s)
            try:
                self.conn.request("POST", f"/apply/{self.pk}/autosave/", body=body,
                                  headers=headers)
                r = self.conn.getresponse()
                text = r.read().decode()
                break
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                self.conn.close()
                if attempt == 2:
                    return time.perf_counter() - t0, False
                t0 = time.perf_counter()
        return time.perf_counter() - t0, r.status == 200 and "已自动保存" in text


def drive(clients: list, seconds: float, work) -> dict:
    """Run work(client) back to back in one thread per client for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = threading.Barrier(len(clients) + 1)
    stop_at = [0.0]

    def loop(c):
        mine, bad = [], 0
        start.wait()
        while time.perf_counter() < stop_at[0]:
            took, ok = work(c)
            mine.append(took)
            bad += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    t0 = time.perf_counter()
    start.wait()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    return {"rate": len(latencies) / wall, "p95": p95 * 1000, "errors": errors[0],
            "n": len(latencies)}


# ---- floor ---------------------------------------------------------------------------------

class FloorWriter:
    def __init__(self, url: str, pk: int):
        import psycopg

        self.conn = psycopg.connect(url)
        self.pk = pk

    def write(self) -> tuple[float, bool]:
        from zhicheng.audit.locking import CHAIN_LOCK_KEY

        t0 = time.perf_counter()
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute("UPDATE declarations_declaration SET updated_at = now() WHERE id = %s",
                        [self.pk])
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
            cur.execute("INSERT INTO bench_floor_event (prev_hash, body) VALUES (%s, %s)",
                        [secrets.token_hex(32), '{"rows": {"education": {"updated": {}}}}'])
        return time.perf_counter() - t0, True


# ---- report --------------------------------------------------------------------------------

def machine() -> str:
    import platform

    import psycopg

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with psycopg.connect(os.environ["DATABASE_URL"]) as c:
        pg = c.execute("SHOW server_version").fetchone()[0].split()[0]
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, PostgreSQL {pg}"


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL database whose name starts with 'bench'")
    need = max(args.clients)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        people = setup(max(args.applicants, need), tmp)
        print(f"setup: {len(people)} applicants in {time.perf_counter() - t0:.1f} s", flush=True)
        results = {}  # (workers, clients) -> {"app": [...], "floor": [...]}
        for workers in args.workers:
            port = free_port()
            proc = start_server(workers, args.threads, port, tmp)
            try:
                apps = [Applicant(port, pk, key) for pk, key in people[:need]]
                for a in apps:
                    a.load_page()
                for a in apps[:8]:  # warm every worker
                    a.autosave()
                floors = [FloorWriter(url, pk) for pk, _key in people[:need]]
                for clients in args.clients:
                    cell = results.setdefault((workers, clients), {"app": [], "floor": []})
                    for _ in range(args.rounds):
                        cell["floor"].append(drive(floors[:clients], args.seconds,
                                                   FloorWriter.write))
                        cell["app"].append(drive(apps[:clients], args.seconds,
                                                 Applicant.autosave))
                        a, f = cell["app"][-1], cell["floor"][-1]
                        print(f"workers {workers} clients {clients}: app {a['rate']:.0f}/s "
                              f"p95 {a['p95']:.0f} ms errors {a['errors']} | floor "
                              f"{f['rate']:.0f}/s p95 {f['p95']:.1f} ms", flush=True)
                for f in floors:
                    f.conn.close()
            finally:
                stop_server(proc)
        load = os.getloadavg()
        block = report(results, args, load)
        print(block)
        if not args.no_readme:
            update_readme(block)


def _median(rounds: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rounds)


def report(results: dict, args, load) -> str:
    lines = [
        "<!-- autosave-bench:start -->",
        "## Audited autosaves (`bench/autosave_bench.py`)",
        "",
        "Target: ≥ 200 audited writes/s at 16 concurrent applicants on 2 gunicorn workers "
        "(production settings, PostgreSQL), p95 < 150 ms, ≤ 8 SQL statements per save "
        "(asserted exactly in `tests/declarations/test_drafting.py`: 8 on both engines). "
        "Each applicant posts its own form back to back on a keep-alive connection, every "
        "save changing one education row (one audit event each). The floor, in the same run "
        "and alternating round by round, is psycopg doing BEGIN, UPDATE of the declaration, "
        "the chain's advisory lock, INSERT of one row, COMMIT, on as many connections. "
        f"Median of {args.rounds} rounds of {args.seconds:g} s; the ratio is of the same round.",
        "",
        "    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_writes_autosave \\",
        "        flock /work/bench.lock .venv/bin/python bench/autosave_bench.py",
        "",
        "| gunicorn workers × threads | concurrent applicants | audited writes/s | p95 ms "
        "| errors | floor writes/s | floor p95 ms | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (workers, clients), cell in sorted(results.items()):
        app_rate, floor_rate = _median(cell["app"], "rate"), _median(cell["floor"], "rate")
        ratio = statistics.median(a["rate"] / f["rate"] for a, f in zip(
            cell["app"], cell["floor"], strict=True))
        lines.append(
            f"| {workers} × {args.threads} | {clients} | {app_rate:.0f} | "
            f"{_median(cell['app'], 'p95'):.0f} | {sum(r['errors'] for r in cell['app'])} | "
            f"{floor_rate:.0f} | {_median(cell['floor'], 'p95'):.1f} | {ratio:.2f} |")
    lines += ["", f"Measured {dt.date.today():%Y-%m-%d} on {machine()}; load average "
              f"{load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} at the end. The load driver "
              "(Python threads) runs on the same 2 cores as gunicorn and PostgreSQL.",
              "<!-- autosave-bench:end -->"]
    return "\n".join(lines)


def update_readme(block: str) -> None:
    readme = BENCH_DIR / "README.md"
    text = readme.read_text()
    start, end = "<!-- autosave-bench:start -->", "<!-- autosave-bench:end -->"
    if start in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(text)


if __name__ == "__main__":
    main()
