"""Limit/offset pagination for every list endpoint (ninja's own, with bounds): answers
{"items": [...], "count": n}; limit 1..100, offset 0..MAX_OFFSET."""

from collections.abc import Callable, Sequence
from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


class Page(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class Mapped:
    """A queryset whose page is turned into output rows in one go (so per-page work such as
    a batched look-up runs once per page, not once per row)."""

    def __init__(self, queryset, rows: Callable[[list], Sequence]):
        self.queryset, self.rows = queryset, rows

    def __getitem__(self, s: slice):
        return self.rows(list(self.queryset[s]))

    def __len__(self) -> int:
        return self.queryset.count()

    def all(self):
        return self.queryset.all()
