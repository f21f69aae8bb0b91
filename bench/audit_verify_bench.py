"""Benchmark: `zhicheng audit verify` over 100,000 events.

    .venv/bin/python bench/audit_verify_bench.py                # SQLite in a temp dir
    DATABASE_URL=postgres://…/zhicheng_bench .venv/bin/python bench/audit_verify_bench.py

Generates a valid chain (precomputed hashes, bulk-inserted, a signed
checkpoint every 10,000 events), times verification in process and through
the console command, and writes the figures into bench/README.md.

On PostgreSQL the database is created if missing (and then dropped at the
end); an existing one is used only if its audit tables are empty, or with
--reset, which empties them.
"""

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
README = BENCH_DIR / "README.md"
START, END = "<!-- audit-verify-bench:start -->", "<!-- audit-verify-bench:end -->"
CHECKPOINT_EVERY = 10_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs (best counts)")
    parser.add_argument("--reset", action="store_true",
                        help="empty the audit tables of an existing PostgreSQL database")
    parser.add_argument("--no-readme", action="store_true", help="do not update bench/README.md")
    return parser.parse_args()


def ensure_pg_database(url: str) -> bool:
    """Create the database if missing; True when created here."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def drop_pg_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}"')


def generate(n: int, key_path: Path) -> float:
    """Insert n chained events and a signed checkpoint every CHECKPOINT_EVERY; seconds taken.

    Raw executemany of precomputed rows: the ORM's per-object work would dominate.
    """
    from django.db import connection, transaction

    from zhicheng.audit import signing
    from zhicheng.audit.checkpoints import checkpoint_message
    from zhicheng.audit.hashing import GENESIS_HASH, canonical_json, hash_from_parts, utc_text
    from zhicheng.audit.models import AuditCheckpoint

    key = signing.generate(key_path, force=True)
    fp = signing.fingerprint(key.public_key())
    start = time.perf_counter()
    base = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    actions = ["declaration.submit", "review.unit_approve", "review.office_approve",
               "evaluation.score", "results.approve"]
    before = canonical_json({"status": "draft", "score": None, "note": "申报材料已补正"})
    after = canonical_json({"status": "submitted", "score": "86.50", "note": "申报材料已补正"})
    json_param = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    sql = ("INSERT INTO audit_auditevent (seq, created_at, actor_id, actor_username, role, "
           "scope, action, object_type, object_id, before, after, request_id, note, prev_hash, "
           f"hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, {json_param}, {json_param}, "
           "%s, %s, %s, %s)")
    adapt = connection.ops.adapt_datetimefield_value
    prev, batch, checkpoints = GENESIS_HASH, [], []
    with transaction.atomic(), connection.cursor() as cursor:
        for seq in range(1, n + 1):
            created = base + dt.timedelta(milliseconds=37 * seq)
            row = (seq, utc_text(created), seq % 500 + 1, f"user{seq % 500 + 1:04d}", "unit_hr",
                   f"unit:{seq % 50 + 1}", actions[seq % len(actions)], "declarations.dossier",
                   str(seq // 5), before, after, f"{seq:032x}", "", prev)
            prev = hash_from_parts(*row)
            batch.append((*row[:1], adapt(created), *row[2:], prev))
            if seq % CHECKPOINT_EVERY == 0 or seq == n:
                number = len(checkpoints) + 1
                signed = checkpoint_message(number=number, seq=seq, head_hash=prev,
                                            key_fingerprint=fp, created_at=created)
                checkpoints.append(AuditCheckpoint(
                    number=number, seq=seq, head_hash=prev, key_fingerprint=fp,
                    created_at=created, signature=key.sign(signed).hex()))
            if len(batch) == 5_000 or seq == n:
                cursor.executemany(sql, batch)
                batch = []
        AuditCheckpoint.objects.bulk_create(checkpoints)
    return time.perf_counter() - start


def floor_pass() -> int:
    """The floor: read the same columns through the same server-side cursor and fetch size,
    and sha256 the same text per row (every hashed column as text), nothing else."""
    import hashlib

    from zhicheng.audit.verify import CHUNK_SIZE, _event_rows

    sha, n = hashlib.sha256, 0
    for row in _event_rows(1, CHUNK_SIZE):
        sha("".join([str(v) for v in row[:14]]).encode()).hexdigest()
        n += 1
    return n


def machine(vendor: str) -> str:
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.+)", cpuinfo).group(1).strip()
    except (OSError, AttributeError):
        pass
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db = "PostgreSQL " + cursor.fetchone()[0].split()[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            db = "SQLite " + cursor.fetchone()[0]
    load = os.getloadavg()[0]  # other jobs on a shared machine slow every figure
    return (f"{cpu}, {os.cpu_count()} CPU (load {load:.1f}), Python "
            f"{platform.python_version()}, {db}")


def update_readme(vendor: str, row: str) -> None:
    text = README.read_text() if README.exists() else "# Benchmarks\n"
    header = (
        "## Audit chain verification (`zhicheng audit verify`)\n\n"
        "`bench/audit_verify_bench.py` bulk-inserts a valid chain of 100,000 events with a "
        "signed checkpoint every 10,000, then times the full verification (every hash "
        "recomputed, every signature checked) in process (best of 3) and through the "
        "console command (one run, including Django start-up). The load average is the "
        "machine's at the end of the run: figures from a busy shared machine are slower "
        "than an idle one would give.\n\n"
        "Target: verification ≤ 1.5× its floor on both engines. The floor, measured in the "
        "same run and alternating with verification (best of each), reads the same columns "
        "through the same server-side cursor and fetch size and computes sha256 of the same "
        "text per row (every hashed column), nothing else. Verification re-encodes PostgreSQL's "
        "jsonb canonically with orjson (SQLite's stored text is hashed as stored, after a "
        "parse); the standard-library encoder is the judge whenever that does not match.\n\n"
        "    .venv/bin/python bench/audit_verify_bench.py\n"
        "    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhicheng_bench "
        ".venv/bin/python bench/audit_verify_bench.py\n\n"
        "| engine | events | verify, in process (s) | events/s | floor (s) | ratio "
        "| `zhicheng audit verify` (s) | generate (s) | machine | date |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n"
    )
    rows: dict[str, str] = {}
    if START in text:
        before, rest = text.split(START, 1)
        old, after = rest.split(END, 1)
        for line in old.splitlines():
            if line.startswith("| ") and not line.startswith(("| engine", "|---")):
                rows[line.split("|")[1].strip()] = line
    else:
        before, after = text.rstrip("\n") + "\n\n", "\n"
    rows[vendor] = row
    body = header + "\n".join(rows[k] for k in sorted(rows)) + "\n"
    README.write_text(f"{before}{START}\n{body}{END}{after}")


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    tmp = Path(tempfile.mkdtemp(prefix="zhicheng-audit-bench-"))
    key_path = tmp / "keys" / "audit-ed25519.pem"
    os.environ.update(ZHICHENG_VAR_DIR=str(tmp), ZHICHENG_AUDIT_KEY=str(key_path),
                      DJANGO_SETTINGS_MODULE="zhicheng.settings")
    created_db = ensure_pg_database(url) if url.startswith("postgres") else False
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, transaction

        from zhicheng.audit import signing, triggers
        from zhicheng.audit.models import AuditCheckpoint, AuditEvent
        from zhicheng.audit.verify import verify_chain

        call_command("migrate", verbosity=0)
        vendor = connection.vendor
        if AuditEvent.objects.exists() or AuditCheckpoint.objects.exists():
            if not (created_db or args.reset):
                print("审计表非空：请换一个数据库，或加 --reset 清空审计表。", file=sys.stderr)
                return 2
            with transaction.atomic():
                triggers.remove(connection)
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM audit_auditevent")
                    cursor.execute("DELETE FROM audit_auditcheckpoint")
                triggers.install(connection)

        print(f"{vendor}: generating {args.events:,} events …", flush=True)
        gen_seconds = generate(args.events, key_path)
        print(f"  generated in {gen_seconds:.2f} s", flush=True)

        keys = [signing.load_public(signing.public_key_path(key_path))]
        runs, floors = [], []
        for _ in range(args.repeat):  # alternating: floor, verify, floor, verify …
            start = time.perf_counter()
            assert floor_pass() == args.events
            floors.append(time.perf_counter() - start)
            start = time.perf_counter()
            report = verify_chain(keys)
            runs.append(time.perf_counter() - start)
            assert report.ok and report.events == args.events, report.problem
        best, floor = min(runs), min(floors)
        print(f"  verify in process: {', '.join(f'{r:.2f}' for r in runs)} s "
              f"(best {best:.2f} s, {args.events / best:,.0f} events/s); floor "
              f"{', '.join(f'{r:.2f}' for r in floors)} s: ratio {best / floor:.2f}",
              flush=True)

        connection.close()
        start = time.perf_counter()
        cli = subprocess.run([sys.executable, "-m", "zhicheng", "audit", "verify"],
                             env=os.environ.copy(), capture_output=True, text=True)
        cli_seconds = time.perf_counter() - start
        print(f"  zhicheng audit verify: exit {cli.returncode} in {cli_seconds:.2f} s: "
              f"{cli.stdout.strip() or cli.stderr.strip()}", flush=True)
        if cli.returncode != 0:
            return 1

        row = (f"| {vendor} | {args.events:,} | {best:.2f} | {args.events / best:,.0f} "
               f"| {floor:.2f} | **{best / floor:.2f}×** | {cli_seconds:.2f} | {gen_seconds:.2f} "
               f"| {machine(vendor)} "
               f"| {dt.date.today().isoformat()} |")
        if not args.no_readme:
            update_readme(vendor, row)
            print(f"  figures written to {README}")
        connection.close()
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if created_db:
            from django.db import connections

            connections.close_all()
            drop_pg_database(url)


if __name__ == "__main__":
    sys.exit(main())
