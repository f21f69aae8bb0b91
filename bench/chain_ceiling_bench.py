"""The audit chain's serialised write ceiling: how many audited writes per second PostgreSQL
takes when every write holds the chain's advisory lock (issue 10, "the chain's ceiling").

    flock /work/bench.lock env \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages_chain \\
        .venv/bin/python bench/chain_ceiling_bench.py [--seconds 8]

No Django: each client is a process with its own psycopg connection running, as fast as it
can, the statements an audited write needs at the least — BEGIN; pg_advisory_xact_lock (the
chain's key, zhicheng.audit.locking.CHAIN_LOCK_KEY); UPDATE of the client's own row; read of
the chain head; INSERT of the next event (SHA-256 over the previous hash and the event, as
zhicheng.audit.hashing does); COMMIT (synchronous_commit as configured: on). The tables are
scratch copies in the named database (dropped and created; name must start with
bench_pages_). Clients: 1, 4, 16, 64.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import sys
import time
from urllib.parse import urlsplit, urlunsplit

CHAIN_LOCK_KEY = int.from_bytes(b"zhicheng", "big") >> 1  # = zhicheng.audit.locking's


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--clients", default="1,4,16,64")
    return p.parse_args()


def setup(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("bench_pages_"):
        sys.exit("the database's name must start with bench_pages_")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("CREATE TABLE decl (id bigint PRIMARY KEY, facts jsonb NOT NULL, "
                  "updated_at timestamptz NOT NULL)")
        c.execute("INSERT INTO decl SELECT g, '{}'::jsonb, now() FROM generate_series(1, 64) g")
        c.execute("CREATE TABLE chain (seq bigint PRIMARY KEY, created_at timestamptz NOT NULL, "
                  "actor text NOT NULL, action text NOT NULL, object_id text NOT NULL, "
                  "after jsonb, prev_hash char(64) NOT NULL UNIQUE, hash char(64) NOT NULL)")
        c.execute("INSERT INTO chain VALUES (0, now(), '', 'genesis', '', NULL, %s, %s)",
                  ["0" * 64, "1" * 64])


def client(url: str, n: int, until: float, out) -> None:
    import psycopg

    done, lat = 0, []
    with psycopg.connect(url) as conn:
        while time.time() < until:
            t0 = time.perf_counter()
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
                facts = {"continuing_education_hours": 90 + done % 100, "client": n}
                conn.execute("UPDATE decl SET facts = %s, updated_at = now() WHERE id = %s",
                             [json.dumps(facts), n + 1])
                seq, prev = conn.execute(
                    "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1").fetchone()
                after = json.dumps(facts, sort_keys=True, separators=(",", ":"))
                digest = hashlib.sha256(
                    "\x1f".join([str(seq + 1), f"user{n}", "declaration.edit", str(n + 1),
                                 after, prev]).encode()).hexdigest()
                conn.execute("INSERT INTO chain VALUES (%s, now(), %s, 'declaration.edit', "
                             "%s, %s, %s, %s)",
                             [seq + 1, f"user{n}", str(n + 1), after, prev, digest])
            lat.append(time.perf_counter() - t0)
            done += 1
    out.put((done, lat))


def run(url: str, clients: int, seconds: float) -> dict:
    q = mp.Queue()
    until = time.time() + seconds + 0.5
    procs = [mp.Process(target=client, args=(url, i, until, q)) for i in range(clients)]
    for p in procs:
        p.start()
    results = [q.get() for _ in procs]
    for p in procs:
        p.join()
    done = sum(r[0] for r in results)
    lat = sorted(x for r in results for x in r[1])
    return {"clients": clients, "writes_s": done / (seconds + 0.5),
            "p50": lat[len(lat) // 2] * 1000, "p95": lat[int(len(lat) * 0.95)] * 1000}


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    setup(url)
    import psycopg

    with psycopg.connect(url) as c:
        version = c.execute("SHOW server_version").fetchone()[0].split()[0]
        sync = c.execute("SHOW synchronous_commit").fetchone()[0]
    print(f"PostgreSQL {version}, synchronous_commit={sync}, load "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| clients | audited writes/s | p50 ms | p95 ms |\n|---:|---:|---:|---:|")
    for n in (int(x) for x in args.clients.split(",")):
        r = run(url, n, args.seconds)
        print(f"| {n} | {r['writes_s']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} |", flush=True)
    with psycopg.connect(url) as c:
        rows = c.execute("SELECT count(*) FROM chain").fetchone()[0]
        broken = c.execute("SELECT count(*) FROM chain a JOIN chain b ON b.seq = a.seq + 1 "
                           "WHERE b.prev_hash <> a.hash").fetchone()[0]
    print(f"chain rows {rows:,}, links broken {broken} (the lock serialised every append); "
          f"load {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
