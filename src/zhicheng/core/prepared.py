"""Querysets compiled to SQL once per process, for the few queries every request runs.

Building and compiling a queryset costs more CPU than running it: the role assignments'
five-relation `select_related` took 1.8 ms to compile for well under 1 ms of everything
else (bench/README.md, http-bench). Django has no compiled-query cache, so a
`PreparedQuery` builds its queryset once with two sets of sample arguments, checks that the
SQL is the same and that the arguments appear as plain parameters, and from then on only
substitutes the arguments and lets the queryset's own iterable (Django's ModelIterable,
ValuesListIterable, …) turn the rows into model instances or values (related objects,
converters and all), exactly as the queryset would.

Only int and str arguments that reach the SQL unchanged are accepted: anything the database
layer adapts (dates, decimals) is refused when the query is first prepared, not silently
passed through raw. The one exception is psycopg's Int2/Int4/Int8, int subclasses that only
name the integer type a value binds as (PostgreSQL with server-side binding wraps small and
plain integer fields' values in them): the argument is wrapped in the same type.
The compiled form is kept per database alias and vendor.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.transaction import TransactionManagementError


def _same(param: Any, arg: Any) -> bool:
    """The parameter is the argument as passed: the same value of the same type, or an int
    that the database layer wrapped in an int subclass naming its binary type."""
    if type(param) is type(arg):
        return param == arg
    return (type(arg) is int and isinstance(param, int) and not isinstance(param, bool)
            and type(param).__module__.startswith("psycopg") and int(param) == arg)


class NotPreparable(ValueError):
    """The queryset's SQL depends on its arguments, or an argument is adapted."""


class _Compiled:
    __slots__ = ("compiler", "params", "positions", "queryset", "sql")

    def __init__(self, queryset: QuerySet, compiler, sql: str, params: tuple,
                 positions: list[tuple[int, int, type | None]]):
        self.queryset, self.compiler, self.sql = queryset, compiler, sql
        self.params, self.positions = params, positions


class _Query:
    """The template queryset's query, answering get_compiler with the bound compiler."""

    def __init__(self, query, compiler):
        self._query, self._compiler = query, compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler

    def __getattr__(self, name):
        return getattr(self._query, name)


class _Source:
    """What an iterable (ModelIterable, ValuesListIterable, …) reads of a queryset."""

    def __init__(self, queryset: QuerySet, compiler):
        self._queryset = queryset
        self.db = compiler.using
        self.query = _Query(queryset.query, compiler)

    def __getattr__(self, name):
        return getattr(self._queryset, name)


class PreparedQuery:
    """`build(*args)` → a QuerySet (of models, values or values_list); `samples` are two
    argument tuples, different in every position, of the types the callers pass (int, str)."""

    def __init__(self, build: Callable[..., QuerySet], samples: Sequence[Sequence[Any]],
                 using: str = "default"):
        first, second = (tuple(s) for s in samples)
        if len(first) != len(second) or any(a == b for a, b in zip(first, second, strict=True)):
            raise NotPreparable("two samples, different in every argument")
        self._build, self._samples, self._using = build, (first, second), using
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, args: tuple) -> tuple[QuerySet, Any, str, tuple]:
        queryset = self._build(*args).using(self._using)
        compiler = queryset.query.get_compiler(using=self._using)
        sql, params = compiler.as_sql()
        return queryset, compiler, sql, tuple(params)

    def _prepare(self) -> _Compiled:
        first, second = self._samples
        queryset, compiler, sql, params = self._compile(first)
        _, _, sql2, params2 = self._compile(second)
        if sql != sql2 or len(params) != len(params2):
            raise NotPreparable("the SQL changes with the arguments")
        positions = []
        for pos, (a, b) in enumerate(zip(params, params2, strict=True)):
            if a == b:
                continue
            matches = [i for i, (x, y) in enumerate(zip(first, second, strict=True))
                       if _same(a, x) and _same(b, y)]
            if len(matches) != 1 or not isinstance(a, int | str):
                raise NotPreparable(f"parameter {pos} is not one plain argument")
            # psycopg's Int2/Int4/Int8 (PostgreSQL with server-side binding, for small and
            # plain integer fields) only say which integer type the value binds as.
            wrap = type(a) if type(a) is not type(first[matches[0]]) else None
            positions.append((pos, matches[0], wrap))
        if {i for _, i, _wrap in positions} != set(range(len(first))):
            raise NotPreparable("an argument does not reach the SQL as a parameter")
        return _Compiled(queryset, compiler, sql, params, positions)

    def _entry(self) -> _Compiled:
        key = connections[self._using].vendor
        entry = self._compiled.get(key)
        if entry is None:
            with self._lock:
                entry = self._compiled.get(key) or self._prepare()
                self._compiled[key] = entry
        return entry

    def list(self, *args: Any) -> list[Any]:
        for arg in args:
            if not isinstance(arg, int | str) or isinstance(arg, bool):
                raise TypeError(f"prepared queries take int or str arguments, not {arg!r}")
        entry = self._entry()
        conn = connections[self._using]
        if entry.queryset.query.select_for_update and conn.get_autocommit():
            # What the compiler would have said, had it compiled the query again.
            raise TransactionManagementError("select_for_update cannot be used outside of a "
                                             "transaction.")
        params = list(entry.params)
        for pos, i, wrap in entry.positions:
            params[pos] = args[i] if wrap is None else wrap(args[i])
        compiler = copy.copy(entry.compiler)
        # The compiler keeps the connection of the thread that compiled it.
        compiler.connection = conn
        sql, bound = entry.sql, tuple(params)
        compiler.as_sql = lambda *a, **k: (sql, bound)
        return list(entry.queryset._iterable_class(_Source(entry.queryset, compiler)))

    def first(self, *args: Any) -> Any:
        rows = self.list(*args)
        return rows[0] if rows else None


def first_of(queryset: QuerySet) -> QuerySet:
    """The query `queryset.first()` runs: its own ordering, else the primary key; one row."""
    return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]
