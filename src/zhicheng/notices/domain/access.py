"""Who acts for a unit on its notices, and which office's display setting applies."""

from zhicheng.core.domain.acting import acting_assignment
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Office, OfficeKind, Role, RoleAssignment, Unit, User
from zhicheng.core.prepared import PreparedQuery, first_of
from zhicheng.notices.models import NoticeSetting

# Read on every view of a public notice: compiled once (core.prepared).
_CITY_OFFICE = PreparedQuery(
    lambda city_id: first_of(Office.objects.filter(kind=OfficeKind.CITY, city_id=city_id)),
    samples=[(-1,), (-2,)])
_SERIES_OFFICE = PreparedQuery(
    lambda series_id: first_of(Office.objects.filter(kind=OfficeKind.SERIES,
                                                     series_id=series_id)),
    samples=[(-1,), (-2,)])
_SETTING = PreparedQuery(
    lambda office_id: first_of(NoticeSetting.objects.filter(office_id=office_id)),
    samples=[(-1,), (-2,)])


def unit_assignments(user: User) -> list[RoleAssignment]:
    return [a for a in assignments_of(user) if a.role in Role.UNIT_SIDE]


def unit_assignment(user: User, unit_id: int) -> RoleAssignment:
    """The actor's unit-side assignment for this unit; anything else looks like nothing."""
    return acting_assignment(user, roles=Role.UNIT_SIDE, where=lambda a: a.unit_id == unit_id)


def covering_office(unit: Unit, series_ids: set[int]) -> Office | None:
    """The office whose setting governs a unit's notice: the city office of the unit's city,
    else the series office when all entries are of one series."""
    if unit.city_id:
        office = _CITY_OFFICE.first(unit.city_id)
        if office:
            return office
    if len(series_ids) == 1:
        return _SERIES_OFFICE.first(next(iter(series_ids)))
    return None


def setting_for(office: Office | None) -> NoticeSetting:
    """The office's setting, or the defaults (first 6 and last 4 digits, pinyin order)."""
    if office is not None:
        found = _SETTING.first(office.pk)
        if found:
            return found
    return NoticeSetting(office=office)
