"""`make run`'s server for real: gunicorn with DEBUG off against a fresh SQLite database.

A Chinese 404 for an unknown URL (pages and /api/), and the demo banner moving the date into
the review phase for every worker, after which demo_unit's 开始单位审核 succeeds over HTTP.
"""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
PASSWORD = "Zhicheng@2017"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WORKERS, THREADS = 2, 2


def _serve(env: dict, var: Path):
    """migrate, demo, collectstatic, then gunicorn as `make run` starts it; yields its URL."""
    for args in (["migrate", "--no-input", "-v", "0"], ["demo"],
                 ["collectstatic", "--no-input", "-v", "0"]):
        subprocess.run([str(BIN / "zhicheng"), *args], env=env, check=True, capture_output=True)
    port = _free_port()
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "zhicheng.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--threads", str(THREADS), "--worker-class", "gthread",
         "--keep-alive", "5"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):  # wait for the socket, not for a fixed time
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _env(var: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(ZHICHENG_VAR_DIR=str(var), ZHICHENG_DEBUG="0", ZHICHENG_TODAY="2017-05-15",
               DJANGO_SETTINGS_MODULE="zhicheng.settings", **extra)
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    for base in _serve(_env(var), var):
        yield base, var / "zhicheng.sqlite3"


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def _get(opener, url):
    try:
        with opener.open(url) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def _post(opener, url, jar, data):
    token = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
    req = urllib.request.Request(url, data=body, headers={"Referer": url})
    return _get(opener, req)


def test_unknown_urls_answer_a_chinese_404(server):
    base, _ = server
    opener, _ = _opener()
    for path in ("/no-such-page/", "/api/v1/no-such-thing/"):
        status, html = _get(opener, base + path)
        assert status == 404
        assert "未找到该页面或记录" in html
        assert "URLconf" not in html  # no debug page listing the URL patterns


def test_banner_moves_the_date_and_the_unit_starts_its_review(server):
    base, db = server
    opener, jar = _opener()
    _get(opener, base + "/login/")
    _post(opener, base + "/login/", jar, {"username": "demo_unit", "password": PASSWORD})
    status, html = _get(opener, base + "/")
    assert status == 200 and "2017年5月15日" in html
    status, html = _post(opener, base + "/demo/date/", jar, {"date": "2017-07-01", "next": "/"})
    assert status == 200 and "系统日期设定为 2017年7月1日" in html
    # Every worker reads the moved date: several fresh requests all show it.
    for _ in range(6):
        assert "系统日期设定为 2017年7月1日" in _get(opener, base + "/")[1]
    with sqlite3.connect(db) as con:
        pk, = con.execute("select d.id from declarations_declaration d join core_user u "
                          "on u.id = d.applicant_id where d.state = 'submitted' "
                          "order by d.id limit 1").fetchone()
        moved = con.execute("select count(*) from audit_auditevent "
                            "where action = 'demo.move_date'").fetchone()[0]
    assert moved == 1
    # §4.1.1: the unit signs its review pledge first, dated on the demo clock.
    _post(opener, f"{base}/review/unit/pledge/", jar,
          {"reviewer_name": "王芳", "reviewer_post": "人事科长", "accepted": "on"})
    with sqlite3.connect(db) as con:
        signed, = con.execute("select signed_at from review_pledge").fetchone()
    assert signed.startswith("2017-0")  # a 2017 pledge is signed in 2017 (stored in UTC)
    _get(opener, f"{base}/review/unit/{pk}/")
    status, html = _post(opener, f"{base}/review/unit/{pk}/do/start_unit_review/", jar, {})
    assert status == 200, html
    with sqlite3.connect(db) as con:
        state, = con.execute("select state from declarations_declaration where id = ?",
                             (pk,)).fetchone()
    assert state == "unit_review", re.findall(r"class=\"msg[^>]*>([^<]*)", html)


def _burst(base: str, n: int = 200, clients: int = 50) -> list:
    """n GETs from `clients` threads at once: the status of each, or the error it met."""
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/login/", "/notices/", "/no-such-page/", "/static/zhicheng/css/site.css"]

    def one(i):
        try:
            with urllib.request.urlopen(base + paths[i % len(paths)], timeout=30) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError as e:  # a reset or refused connection
            return type(e).__name__

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(one, range(n)))


EXPECTED_BURST = {200: 150, 404: 50}


def test_a_burst_of_200_requests_is_served_without_a_reset(server):
    base, _ = server
    from collections import Counter

    assert Counter(_burst(base)) == EXPECTED_BURST


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="PostgreSQL connections: runs in the PostgreSQL pass of make test")
def test_postgresql_connections_stay_bounded_under_bursts(tmp_path):
    """At most one persistent connection per server thread, however many requests came."""
    from collections import Counter

    import psycopg

    url = os.environ["DATABASE_URL"]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    name = f"zhicheng_burst_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        env = _env(tmp_path, DATABASE_URL=url.rsplit("/", 1)[0] + "/" + name)
        for base in _serve(env, tmp_path):
            counts = [Counter(_burst(base)) for _ in range(3)]
            with psycopg.connect(admin) as con:
                open_, = con.execute("select count(*) from pg_stat_activity where datname = %s",
                                     (name,)).fetchone()
        assert counts == [EXPECTED_BURST] * 3
        assert 1 <= open_ <= WORKERS * THREADS
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
