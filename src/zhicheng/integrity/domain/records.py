"""Reading the integrity archive (§4.2.1): for committees, by the applicants (normalised ID
numbers) and units of their declarations; for offices, by name or ID number."""

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from zhicheng.core import clock
from zhicheng.core.domain import idnumbers
from zhicheng.declarations.models import Declaration, State
from zhicheng.integrity.models import IntegrityRecord
from zhicheng.policy import idnumber

mask_id = idnumbers.mask_id
# What a committee holds: handed over by the office (§3.2.1) and every state after it. Its
# integrity list covers these only, not declarations still with the units or offices.
COMMITTEE_STATES = State.WITH_COMMITTEE | {State.REVOKED}


def _normalised(number: str) -> str | None:
    try:
        return idnumber.normalise(number)
    except (idnumber.IdNumberError, ValueError):
        return None


def person_numbers(decl: Declaration) -> set[str]:
    """The declared number and any earlier ones (§3.2.4.3), all in 18-digit form."""
    numbers = {decl.id_number}
    for old in decl.previous_id_numbers or []:
        n = _normalised(str(old))
        if n:
            numbers.add(n)
    return numbers


def records_for_declarations(
    decls: Iterable[Declaration],
) -> dict[int, list[IntegrityRecord]]:
    """Integrity records that concern each declaration: the applicant's own (by ID number)
    and those of the unit. One query, however many declarations."""
    decls = list(decls)
    numbers_of = {d.pk: person_numbers(d) for d in decls}
    all_numbers = set().union(*numbers_of.values()) if decls else set()
    unit_ids = {d.unit_id for d in decls}
    found: dict[int, list[IntegrityRecord]] = {d.pk: [] for d in decls}
    if not decls:
        return found
    records = list(IntegrityRecord.objects
                   .filter(Q(id_number__in=all_numbers) | Q(unit_id__in=unit_ids))
                   .select_related("unit", "office")
                   .order_by("-period_from", "-id"))
    for d in decls:
        numbers = numbers_of[d.pk]
        found[d.pk] = [r for r in records
                       if r.id_number in numbers or (r.unit_id and r.unit_id == d.unit_id)]
    return found


def search_records(query: str = "", *, include_expired: bool = True,
                   today: datetime.date | None = None) -> QuerySet:
    """Name (part of it), a full ID number (either form), or digits of one (≥ 4)."""
    qs = IntegrityRecord.objects.select_related("unit", "office", "source_case")
    q = query.strip().upper()
    if q:
        full = _normalised(q) if len(q) in (15, 18) else None
        if full:
            qs = qs.filter(id_number=full)
        elif len(q) >= 4 and q.rstrip("X").isdigit():
            qs = qs.filter(Q(id_number__startswith=q) | Q(id_number__endswith=q))
        else:
            words = query.strip()
            qs = qs.filter(Q(name__icontains=words) | Q(unit__name__icontains=words))
    if not include_expired:
        qs = qs.filter(period_to__gte=today or clock.today())
    return qs.order_by("-period_from", "-id")
