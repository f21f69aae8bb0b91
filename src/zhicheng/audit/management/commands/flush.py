"""flush, with the audit tables' append-only triggers lifted for the duration.

Django's flush (and every transactional test, which flushes after itself)
empties all tables with DELETE (SQLite) or TRUNCATE (PostgreSQL), which the
append-only triggers refuse. Wiping the whole database is a deliberate admin
act, so the triggers are dropped and re-created inside the same transaction.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from zhicheng.audit import triggers


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if not set(triggers.TABLES) & set(connection.introspection.table_names()):
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            triggers.remove(connection)
            super().handle(**options)
            triggers.install(connection)
