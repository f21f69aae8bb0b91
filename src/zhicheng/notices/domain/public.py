"""Reading notices as the public sees them: masked, ordered per the office's setting, with
objections counted but their authors never shown. A flat number of queries per page."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from zhicheng.core.domain.errors import NotFound
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


def current_notices(today: datetime.date):
    return (Notice.objects.filter(starts_on__lte=today, ends_on__gte=today)
            .select_related("unit", "plan").annotate(entry_count=Count("entries"))
            .order_by("-starts_on", "-id"))


def public_notice(notice_id: int, today: datetime.date) -> Notice:
    notice = (Notice.objects.select_related("unit", "plan")
              .filter(pk=notice_id, starts_on__lte=today).first())
    if notice is None:
        raise NotFound()
    return notice


def notice_setting(notice: Notice) -> NoticeSetting:
    series = set(NoticeEntry.objects.filter(notice=notice)
                 .values_list("declaration__series_id", flat=True).distinct()[:2])
    return setting_for(covering_office(notice.unit, series))


def objection_counts(notice: Notice) -> dict[int, tuple[int, int]]:
    """entry id → (objections, answered), for the entries that have any (one query)."""
    rows = (Objection.objects.filter(entry__notice=notice).values("entry_id")
            .annotate(n=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
            .order_by())
    return {r["entry_id"]: (r["n"], r["answered"]) for r in rows}


def public_rows(notice: Notice, setting: NoticeSetting) -> list[PublicRow]:
    order = "stroke_key" if setting.order == NameOrder.STROKES else "pinyin_key"
    counts = objection_counts(notice)
    entries = (NoticeEntry.objects.filter(notice=notice)
               .values_list("pk", "name", "declaration__id_number", "series_name",
                            "specialty_name", "level_label", "kind_label", "materials")
               .order_by(order, "pk"))
    style = setting.mask_style
    return [PublicRow(pk, name, mask_id(id_number, style), series, specialty, level, kind,
                      materials, *counts.get(pk, (0, 0)))
            for pk, name, id_number, series, specialty, level, kind, materials in entries]
