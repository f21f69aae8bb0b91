"""Reading notices as the public sees them: masked, ordered per the office's setting, with
objections counted but their authors never shown. A flat number of queries per page."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from zhicheng.core.domain.errors import NotFound
from zhicheng.core.prepared import PreparedQuery, first_of
from zhicheng.notices.domain.access import covering_office, setting_for
from zhicheng.notices.domain.masking import mask_id
from zhicheng.notices.models import NameOrder, Notice, NoticeEntry, NoticeSetting, Objection


@dataclass(frozen=True)
class PublicRow:
    entry_id: int
    name: str
    masked_id: str
    series_name: str
    specialty_name: str
    level_label: str
    kind_label: str
    materials: list[dict]
    objections: int
    answered: int


# A public notice is read by anyone, many times: its queries are compiled once (core.prepared).
_NOTICE = PreparedQuery(
    lambda pk: first_of(Notice.objects.select_related("unit", "plan").filter(pk=pk)),
    samples=[(-1,), (-2,)])
_SERIES_OF = PreparedQuery(
    lambda notice_id: NoticeEntry.objects.filter(notice_id=notice_id)
    .values_list("declaration__series_id", flat=True).distinct()[:2],
    samples=[(-1,), (-2,)])
_OBJECTIONS = PreparedQuery(
    lambda notice_id: Objection.objects.filter(entry__notice_id=notice_id).values("entry_id")
    .annotate(n=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
    .order_by(),
    samples=[(-1,), (-2,)])
_ROWS = {order: PreparedQuery(
    lambda notice_id, order=order: NoticeEntry.objects.filter(notice_id=notice_id)
    .values_list("pk", "name", "declaration__id_number", "series_name", "specialty_name",
                 "level_label", "kind_label", "materials")
    .order_by(order, "pk"),
    samples=[(-1,), (-2,)]) for order in ("stroke_key", "pinyin_key")}


def current_notices(today: datetime.date):
    return (Notice.objects.filter(starts_on__lte=today, ends_on__gte=today)
            .select_related("unit", "plan").annotate(entry_count=Count("entries"))
            .order_by("-starts_on", "-id"))


def public_notice(notice_id: int, today: datetime.date) -> Notice:
    notice = _NOTICE.first(notice_id)
    if notice is None or notice.starts_on > today:
        raise NotFound()
    return notice


def notice_setting(notice: Notice) -> NoticeSetting:
    series = set(_SERIES_OF.list(notice.pk))
    return setting_for(covering_office(notice.unit, series))


def objection_counts(notice: Notice) -> dict[int, tuple[int, int]]:
    """entry id → (objections, answered), for the entries that have any (one query)."""
    rows = _OBJECTIONS.list(notice.pk)
    return {r["entry_id"]: (r["n"], r["answered"]) for r in rows}


def public_rows(notice: Notice, setting: NoticeSetting) -> list[PublicRow]:
    order = "stroke_key" if setting.order == NameOrder.STROKES else "pinyin_key"
    counts = objection_counts(notice)
    entries = _ROWS[order].list(notice.pk)
    style = setting.mask_style
    return [PublicRow(pk, name, mask_id(id_number, style), series, specialty, level, kind,
                      materials, *counts.get(pk, (0, 0)))
            for pk, name, id_number, series, specialty, level, kind, materials in entries]
