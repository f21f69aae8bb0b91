"""Secret even to the operator (issue 11 point 7), on PostgreSQL: after a round cast through
the pages, every table (all columns, all rows, django_session included), every file under
BALLOT_ROOT and the file store, and every captured log line (SQL statements with their
parameters included) hold no member's private credential, no exact choice vector a member
posted, and no trustee private key; with the server's data alone nothing decrypts."""

import json
import logging
import tarfile

import pytest
from ballot_world import Device, needs_tool
from django.db import connection
from django.urls import reverse

from zhicheng.evaluation.ballot import engine
from zhicheng.evaluation.domain import ballots
from zhicheng.evaluation.models import BallotRound, Election, RoundState

pytestmark = [pytest.mark.django_db, needs_tool, pytest.mark.slow]

A, D, X = "同意", "不同意", "弃权"
# Four members' picks; no member's one-hot vector equals a tally row ([3,0,1] / [1,2,1]).
PICKS = [(A, D), (A, A), (X, D), (A, X)]
ONE_HOT = {A: [1, 0, 0], D: [0, 1, 0], X: [0, 0, 1]}


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("保密性检查只在 PostgreSQL 上运行（DATABASE_URL=postgres://…）")


def dump_database() -> bytes:
    out = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            cur.execute(f'SELECT * FROM "{table}"')
            out.extend(repr(row) for row in cur.fetchall())
            cur.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')
            out.extend(r[0] for r in cur.fetchall())
    return "\n".join(out).encode()


def dump_files(*roots) -> bytes:
    blob = []
    for root in roots:
        for p in sorted(root.rglob("*")):
            if not p.is_file():
                continue
            blob.append(p.read_bytes())
            if p.suffix == ".bel":
                with tarfile.open(p) as tar:
                    blob.extend(tar.extractfile(m).read() for m in tar if m.isfile())
    return b"\n".join(blob)


def test_nothing_links_a_member_to_a_choice(world, client, caplog, ballot_root, file_store):
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.db.backends", "django.request", "django.server"):
        caplog.set_level(logging.DEBUG, logger=name)
    connection.force_debug_cursor = True  # every SQL statement and its parameters is logged
    w = world
    try:
        for i in range(4):
            dev = w.devices.setdefault(w.experts[i].code, Device())
            client.force_login(w.user(i))
            r = client.post(reverse("evaluation:ballot_check_in", args=[w.session.pk]),
                            json.dumps({"device_key": dev.public}),
                            content_type="application/json")
            assert r.status_code == 200
        client.force_login(w.secretariat)
        opened = client.post(reverse("evaluation:ballot_open", args=[w.session.pk]))
        rnd = BallotRound.objects.get()
        (election,) = Election.objects.filter(round=rnd)
        html = opened.content.decode().replace("&quot;", '"')
        trustee_keys = [k for b in w_bundles(html) for k in b["keys"].values()]
        bundles = {b["trustee"]: json.dumps(b) for b in w_bundles(html)}
        assert len(trustee_keys) == 3

        secrets, vectors = [], []
        for i in range(4):
            client.force_login(w.user(i))
            (item,) = client.get(reverse("evaluation:ballot_credentials",
                                         args=[rnd.pk])).json()["elections"]
            cred = w.devices[w.experts[i].code].open(item["sealed"])
            choices = {str(d.pk): PICKS[i][n] for n, d in enumerate(w.decls)}
            body = json.dumps({"choices": choices, "credential": cred})
            r = client.post(reverse("evaluation:ballot_cast", args=[election.pk]), body,
                            content_type="application/json")
            assert r.status_code == 200
            secrets.append(cred)
            vector = [ONE_HOT[p] for p in PICKS[i]]
            vectors += [body, json.dumps(choices), json.dumps(choices, ensure_ascii=False),
                        json.dumps(vector), json.dumps(vector, separators=(",", ":"))]

        client.force_login(w.secretariat)
        client.post(reverse("evaluation:ballot_close", args=[rnd.pk]))
        directory = ballots._dir(election)
        # The server's data alone decrypts nothing: no key, or one trustee, is refused.
        with pytest.raises(engine.Refused):
            engine.partial_decrypt(directory, 2, "")
        client.post(reverse("evaluation:ballot_decrypt", args=[rnd.pk]),
                    {"position": "1", "private_key": bundles[1]})
        with pytest.raises(engine.Refused, match="解密份额不足"):
            engine.compute_result(directory)
        client.post(reverse("evaluation:ballot_decrypt", args=[rnd.pk]),
                    {"position": "3", "private_key": bundles[3]})
        client.post(reverse("evaluation:ballot_tally", args=[rnd.pk]))
        client.force_login(w.chair)
        client.post(reverse("evaluation:ballot_seal", args=[rnd.pk]))
        rnd.refresh_from_db()
        assert rnd.state == RoundState.SEALED
        election.refresh_from_db()
        d0, d1 = (str(d.pk) for d in w.decls)
        assert election.tally == {d0: {A: 3, D: 0, X: 1}, d1: {A: 1, D: 2, X: 1}}
    finally:
        connection.force_debug_cursor = False

    haystacks = {"database": dump_database(),
                 "files": dump_files(ballot_root, file_store),
                 "logs": caplog.text.encode()}
    assert b"INSERT INTO" in haystacks["logs"]  # the SQL log really was captured
    assert haystacks["database"].count(b"evaluation.ballot.seal") >= 1
    for where, blob in haystacks.items():
        compact = blob.replace(b" ", b"")
        for s in secrets:
            assert s.encode() not in blob, f"a private credential in the {where}"
        for v in vectors:
            assert v.encode() not in blob and v.replace(" ", "").encode() not in compact, \
                f"a posted choice vector in the {where}: {v}"
        for k in trustee_keys:
            assert k.encode() not in blob, f"a trustee private key in the {where}"
    # The sealed copies are gone once used; what remains is encrypted to the device keys.
    assert not election.slots.exclude(sealed_credential="").exists()
    engine.verify(directory)


def w_bundles(html: str) -> list[dict]:
    import re

    return [json.loads(t) for t in
            re.findall(r'<textarea class="key-text"[^>]*>([^<]+)</textarea>', html)]
