import threading

import pytest
from django.db import connection, transaction

from zhicheng.audit import domain
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.verify import verify_chain


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_take_turns_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite: BEGIN IMMEDIATE serialises writers; the in-memory test "
                    "database is shared-cache, where that cannot be shown with threads")
    first_written, release_first, second_done = (threading.Event() for _ in range(3))
    errors: list[BaseException] = []

    def in_thread(body):
        def run():
            try:
                body()
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)
            finally:
                connection.close()  # each thread has its own connection
        return threading.Thread(target=run)

    def first():
        with transaction.atomic():
            domain.record(actor=None, action="first", object_type="t", object_id="1")
            first_written.set()
            release_first.wait(10)

    def second():
        first_written.wait(10)
        with transaction.atomic():
            domain.record(actor=None, action="second", object_type="t", object_id="2")
        second_done.set()

    threads = [in_thread(first), in_thread(second)]
    for t in threads:
        t.start()
    assert first_written.wait(10)
    # The second transaction waits on the chain lock instead of reading the same head.
    assert not second_done.wait(0.5)
    release_first.set()
    for t in threads:
        t.join(10)
    assert errors == []
    a, b = AuditEvent.objects.order_by("seq")
    assert (a.seq, a.action, b.seq, b.action) == (1, "first", 2, "second")
    assert b.prev_hash == a.hash
    assert verify_chain([]).ok
