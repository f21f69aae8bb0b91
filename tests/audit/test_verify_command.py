import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction

from zhicheng.__main__ import main
from zhicheng.audit import domain
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.verify import Problem, verify_chain

from .conftest import insert_event, rewrite_chain

pytestmark = pytest.mark.django_db


def verify(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def broken(message: str) -> tuple[int, str, str]:
    return 1, "", f"审计链已损坏：{message}\n"


def hash_of(seq: int) -> str:
    return AuditEvent.objects.get(seq=seq).hash


def json_param() -> str:
    return "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"


def test_intact_chain(chain, signing_key):
    assert verify() == (0, "审计链完整：5 条事件，0 个签名检查点\n", "")


def test_empty_chain(db, signing_key):
    assert verify() == (0, "审计链完整：0 条事件，0 个签名检查点\n", "")


def test_altered_text_is_named(chain, attacker, signing_key):
    attacker("UPDATE audit_auditevent SET actor_username = 'li.si' WHERE seq = 3")
    assert verify() == broken("第 3 号事件（series.update）：哈希不符：事件内容被改动")


def test_altered_before_after_is_named(chain, attacker, signing_key):
    attacker(f"UPDATE audit_auditevent SET after = {json_param()} WHERE seq = 4",
             ['{"sort_order": 99}'])
    assert verify() == broken("第 4 号事件（series.update）：哈希不符：事件内容被改动")


def test_altered_time_is_named(chain, attacker, signing_key):
    event = AuditEvent.objects.get(seq=2)
    attacker("UPDATE audit_auditevent SET created_at = %s WHERE seq = 2",
             [event.created_at.replace(year=2020)])
    assert verify() == broken("第 2 号事件（series.update）：哈希不符：事件内容被改动")


def test_removed_event_is_named(chain, attacker, signing_key):
    attacker("DELETE FROM audit_auditevent WHERE seq = 3")
    assert verify() == broken("第 3 号事件：事件缺失：第 2 号之后直接是第 4 号（series.update），"
                              "中间的事件被删除")


def test_removed_first_event_is_named(chain, attacker, signing_key):
    attacker("DELETE FROM audit_auditevent WHERE seq = 1")
    assert verify() == broken("第 1 号事件：事件缺失：第 0 号之后直接是第 2 号（series.update），"
                              "中间的事件被删除")


def test_fork_is_refused_by_the_unique_prev_hash(chain, attacker):
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_event(6, prev_hash=hash_of(4))


def test_inserted_event_with_a_wrong_link_is_named(chain, attacker, signing_key):
    insert_event(6, prev_hash="1" * 64)
    assert verify() == broken("第 6 号事件（forged）：前一事件哈希不符：链在第 5 号与第 6 号"
                              "事件之间断开（事件被改动、删除或插入）")


def test_inserted_event_with_a_made_up_hash_is_named(chain, attacker, signing_key):
    insert_event(6, prev_hash=hash_of(5), hash_="f" * 64)
    assert verify() == broken("第 6 号事件（forged）：哈希不符：事件内容被改动")


def test_event_inserted_before_the_first_is_named(chain, attacker, signing_key):
    insert_event(0, prev_hash="1" * 64)
    assert verify() == broken("第 0 号事件（forged）：序号异常：应为第 1 号（事件被插入）")


def test_rehashed_event_breaks_the_link_to_the_next(chain, attacker, signing_key):
    rewrite_chain(2, "改")  # rewrites 2..5 consistently: only a checkpoint can tell
    assert verify() == (0, "审计链完整：5 条事件，0 个签名检查点\n", "")
    attacker("UPDATE audit_auditevent SET prev_hash = %s WHERE seq = 4", ["0" * 63 + "1"])
    assert verify() == broken("第 4 号事件（series.update）：前一事件哈希不符：链在第 3 号与第 4 号"
                              "事件之间断开（事件被改动、删除或插入）")


def test_verify_streams_in_chunks(chain, actor):
    with transaction.atomic():
        for i in range(20):
            domain.record(actor=actor, action="bulk", object_type="t", object_id=str(i))
    report = verify_chain([], chunk_size=3)
    assert (report.ok, report.events, report.head_seq, report.head_hash) == (
        True, 25, 25, hash_of(25))


def test_first_problem_wins(chain, attacker):
    attacker("UPDATE audit_auditevent SET note = 'x' WHERE seq IN (2, 4)")
    assert verify_chain([]).problem == Problem(2, "series.update", "哈希不符：事件内容被改动")


def test_console_exit_codes(chain, attacker, signing_key, capsys, monkeypatch):
    # The console path closes connections when done; keep the test's transaction open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    main(["zhicheng", "audit", "verify"])  # returns normally: exit status 0
    assert capsys.readouterr().out == "审计链完整：5 条事件，0 个签名检查点\n"
    attacker("UPDATE audit_auditevent SET note = 'x' WHERE seq = 5")
    with pytest.raises(SystemExit) as exc:
        main(["zhicheng", "audit", "verify"])
    assert exc.value.code == 1
    assert capsys.readouterr().err == ("审计链已损坏：第 5 号事件（series.update）："
                                       "哈希不符：事件内容被改动\n")


def test_json_respelled_without_change_still_verifies(chain, attacker, signing_key):
    # Same value, other spelling (spaces, key order): not tampering, on either engine.
    attacker(f"UPDATE audit_auditevent SET after = {json_param()} WHERE seq = 2",
             ['{"sort_order": 2, "name": "\\u5de5\\u7a0b", "id": ' + str(chain.pk) +
              ', "code": "gc", "evaluation_appointment_combined": false}'])
    assert verify() == (0, "审计链完整：5 条事件，0 个签名检查点\n", "")


def test_text_moved_between_before_and_after_is_caught(actor, attacker, signing_key):
    if connection.vendor != "sqlite":
        pytest.skip("jsonb stores only whole JSON documents")
    with transaction.atomic():
        domain.record(actor=actor, action="x", object_type="t", object_id="1",
                      before={"a": 1, "before": 2}, after={"x": 1})
    # Same bytes in the hashed text, split at another ',"before":' — not JSON any more,
    # so the attacker also switches off SQLite's JSON_VALID check constraint.
    attacker("PRAGMA ignore_check_constraints = ON")
    attacker("UPDATE audit_auditevent SET after = %s, before = %s WHERE seq = 1",
             ['{"x":1},"before":{"a":1', "2}"])
    attacker("PRAGMA ignore_check_constraints = OFF")
    assert verify() == broken("第 1 号事件（x）：哈希不符：事件内容被改动")
