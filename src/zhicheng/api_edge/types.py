"""Bounded input types shared by the API schemas: ids that fit a database integer and
dates in a sane range (a date like 0001-01-01 or 9999-12-28 is a typing mistake, and date
arithmetic near the ends of the calendar overflows)."""

import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2100, 12, 31)

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Count = Annotated[int, Field(ge=0, le=10_000)]
SaneDate = Annotated[datetime.date, Field(ge=MIN_DATE, le=MAX_DATE)]
# Free text in a JSON body; the domain functions check their own, tighter lengths.
Text = Annotated[str, StringConstraints(max_length=20_000)]
Code = Annotated[str, StringConstraints(max_length=64)]
