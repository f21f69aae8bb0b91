"""Load the demo catalogue (data.py) into the database: idempotent, one transaction, audited."""

import datetime
import functools
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from zhicheng.audit.domain import record
from zhicheng.core.models import (
    City,
    Committee,
    DeploymentFiling,
    Office,
    OfficeKind,
    Plan,
    PlanPhase,
    Role,
    RoleAssignment,
    Series,
    Specialty,
    Unit,
    User,
)
from zhicheng.demo import data
from zhicheng.demo.codes import credit_code, id_number

AUDIT_ACTION = "demo.create"
_SECRET_FIELDS = {"password"}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str  # 中文角色名
    scope: str


def _snapshot(obj: models.Model) -> dict[str, Any]:
    """JSON-safe field values of a new object, for the audit event's `after`."""
    values: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in _SECRET_FIELDS:
            continue
        value = f.value_from_object(obj)
        if isinstance(value, datetime.date | datetime.datetime):
            value = value.isoformat()
        elif value is not None and not isinstance(value, str | int | float | bool):
            value = str(value)
        values[f.attname] = value
    return values


def _credit_code(spec: data.UnitSpec) -> str:
    return credit_code(spec.authority_type, spec.division or spec.city or "", spec.org_body)


def _natural_key(model: type[models.Model], lookup: dict[str, Any]) -> tuple:
    """A lookup as the row stores it (related objects by primary key), hashable."""
    return (model, tuple(sorted(
        (name, value.pk if isinstance(value, models.Model) else value)
        for name, value in lookup.items())))


class _Loader:
    def __init__(self, password_hash: Callable[[], str]) -> None:
        self.created: Counter[str] = Counter()
        self.password_hash = password_hash
        self.known: dict[tuple, models.Model] = {}
        self.prefetched: set[tuple] = set()

    def prefetch(self, model: type[models.Model], key: tuple[str, ...], **filters: Any) -> None:
        """Read at once the rows the next get_or_create calls (keyed by `key`) may find:
        one query per model instead of one per object. `filters` must cover them all."""
        attnames = {name: model._meta.get_field(name).attname for name in key}
        for obj in model.objects.filter(**filters):
            lookup = {name: getattr(obj, attname) for name, attname in attnames.items()}
            self.known[_natural_key(model, lookup)] = obj
        self.prefetched.add((model, tuple(sorted(key))))

    def get_or_create(self, model: type[models.Model], defaults: dict[str, Any] | None = None,
                      *, m2m: dict[str, list] | None = None, **lookup: Any) -> models.Model:
        """Find by natural key, else create and audit. Unlike QuerySet.get_or_create this takes
        no savepoint per object (two round trips fewer): the whole load is one transaction,
        and a concurrent load that collides simply fails and can be run again."""
        obj = self.known.get(_natural_key(model, lookup))
        if obj is None and (model, tuple(sorted(lookup))) not in self.prefetched:
            obj = model.objects.filter(**lookup).first()
        if obj is None:
            values = {k: v() if callable(v) else v for k, v in (defaults or {}).items()}
            obj = model.objects.create(**lookup, **values)
            for name, related in (m2m or {}).items():
                getattr(obj, name).set(related)
            # Audited after the many-to-many links, so the event shows the whole object.
            self.audit_created(obj, {name: sorted(r.pk for r in related)
                                     for name, related in (m2m or {}).items()})
        return obj

    def audit_created(self, obj: models.Model, extra: dict[str, Any] | None = None) -> None:
        self.created[str(obj._meta.verbose_name)] += 1
        # actor None: the system itself. Same transaction as the object (record() insists).
        record(actor=None, action=AUDIT_ACTION, obj=obj, after=_snapshot(obj) | (extra or {}),
               note="演示数据")

    # ---- catalogue -------------------------------------------------------------------------

    def prefetch_all(self) -> None:
        usernames = [a.username for a in data.ACCOUNTS]
        office_names = [data.REGIONAL_OFFICE, *(data.city_office(n) for _, n, _ in data.CITIES),
                        *(data.series_office(s.name) for s in data.SERIES)]
        self.prefetch(City, ("code",), code__in=[code for code, _, _ in data.CITIES])
        self.prefetch(Series, ("code",), code__in=[s.code for s in data.SERIES])
        self.prefetch(Specialty, ("series", "code"),
                      series__code__in=[s.code for s in data.SERIES])
        self.prefetch(Office, ("name",), name__in=office_names)
        self.prefetch(Unit, ("credit_code",), credit_code__in=[_credit_code(u) for u in data.UNITS])
        self.prefetch(Committee, ("code",), code__in=[c.code for c in data.COMMITTEES])
        self.prefetch(Plan, ("code",), code=data.PLAN["code"])
        self.prefetch(PlanPhase, ("plan", "committee", "phase"), plan__code=data.PLAN["code"])
        self.prefetch(DeploymentFiling, ("plan", "series"), plan__code=data.PLAN["code"])
        self.prefetch(User, ("username",), username__in=usernames)
        self.prefetch(RoleAssignment, ("user", "role", "unit", "office", "committee"),
                      user__username__in=usernames)

    def load(self) -> list[DemoLogin]:
        self.prefetch_all()
        cities = {code: self.get_or_create(City, {"name": name, "independent_authority": ind},
                                           code=code)
                  for code, name, ind in data.CITIES}
        series, specialties = self.load_series()
        offices = self.load_offices(cities, series)
        units = self.load_units(cities)
        committees = self.load_committees(cities, series, specialties, offices, units)
        self.load_plan(series, offices, committees)
        self.load_material_catalogue()
        return self.load_accounts(offices, units, committees)

    def load_material_catalogue(self) -> None:
        """The default material slots come with migrations; a demo loaded into a database
        whose tables were emptied (tests, a flushed demo) puts them back."""
        from importlib import import_module

        from zhicheng.materials.models import MaterialType

        catalogue = import_module("zhicheng.materials.migrations.0002_default_catalogue")
        for row in catalogue.CATALOGUE:
            self.get_or_create(MaterialType, {k: v for k, v in row.items() if k != "code"},
                               code=row["code"])

    def load_series(self) -> tuple[dict[str, Series], dict[tuple[str, str], Specialty]]:
        series: dict[str, Series] = {}
        specialties: dict[tuple[str, str], Specialty] = {}
        for order, spec in enumerate(data.SERIES, start=1):
            s = self.get_or_create(Series, {"name": spec.name, "sort_order": order,
                                            "evaluation_appointment_combined": spec.combined},
                                   code=spec.code)
            series[spec.code] = s
            for code, name in spec.specialties:
                specialties[spec.code, code] = self.get_or_create(
                    Specialty, {"name": name}, series=s, code=code)
        return series, specialties

    def load_offices(self, cities: dict[str, City],
                     series: dict[str, Series]) -> dict[str, Office]:
        region = self.get_or_create(Office, {"kind": OfficeKind.REGIONAL},
                                    name=data.REGIONAL_OFFICE)
        offices = {region.name: region}
        for city in cities.values():
            o = self.get_or_create(Office, {"kind": OfficeKind.CITY, "city": city,
                                            "parent": region}, name=data.city_office(city.name))
            offices[o.name] = o
        for s in series.values():
            o = self.get_or_create(Office, {"kind": OfficeKind.SERIES, "series": s,
                                            "parent": region}, name=data.series_office(s.name))
            offices[o.name] = o
        return offices

    def load_units(self, cities: dict[str, City]) -> dict[str, Unit]:
        units: dict[str, Unit] = {}
        for spec in data.UNITS:
            code = _credit_code(spec)
            units[spec.key] = self.get_or_create(Unit, {
                "name": spec.name,
                "unit_type": spec.unit_type,
                "legal_person": spec.legal_person,
                "industry": spec.industry,
                "in_guangxi": spec.in_guangxi,
                "city": cities[spec.city] if spec.city else None,
                "parent": units[spec.parent] if spec.parent else None,
                "is_talent_centre": spec.talent_centre,
            }, credit_code=code)
        return units

    def load_committees(self, cities: dict[str, City], series: dict[str, Series],
                        specialties: dict[tuple[str, str], Specialty],
                        offices: dict[str, Office], units: dict[str, Unit],
                        ) -> dict[str, Committee]:
        committees: dict[str, Committee] = {}
        for spec in data.COMMITTEES:
            s = series[spec.series]
            office_name = spec.office or data.series_office(s.name)
            c = self.get_or_create(Committee, {
                "name": spec.name, "series": s,
                "min_level": spec.min_level, "max_level": spec.max_level, "area": spec.area,
                "city": cities[spec.city] if spec.city else None,
                "organisation": units[spec.organisation] if spec.organisation else None,
                "office": offices[office_name], "basis": spec.basis,
            }, m2m={"specialties": [specialties[spec.series, code]
                                    for code in spec.specialties]}, code=spec.code)
            committees[spec.code] = c
        return committees

    def load_plan(self, series: dict[str, Series], offices: dict[str, Office],
                  committees: dict[str, Committee]) -> Plan:
        plan_fields = {k: v for k, v in data.PLAN.items() if k != "code"}
        plan = self.get_or_create(Plan, plan_fields, code=data.PLAN["code"])
        for phase, starts, ends in data.SENIOR_PHASES:
            self.get_or_create(PlanPhase, {"starts_on": starts, "ends_on": ends},
                               plan=plan, committee=None, phase=phase)
        for code, phases in data.COMMITTEE_PHASES.items():
            for phase, starts, ends in phases:
                self.get_or_create(PlanPhase, {"starts_on": starts, "ends_on": ends},
                                   plan=plan, committee=committees[code], phase=phase)
        for code, number, title, filed_on in data.FILINGS:
            s = series[code]
            self.get_or_create(DeploymentFiling, {
                "office": offices[data.series_office(s.name)], "document_number": number,
                "title": title, "filed_on": filed_on,
            }, plan=plan, series=s)
        return plan

    def load_accounts(self, offices: dict[str, Office], units: dict[str, Unit],
                      committees: dict[str, Committee]) -> list[DemoLogin]:
        users: dict[str, User] = {}
        logins: list[tuple[int, DemoLogin]] = []
        order = list(Role)
        for spec in data.ACCOUNTS:
            user = self.get_or_create(User, {
                "real_name": spec.real_name,
                "id_number": id_number(spec.id_number17) if spec.id_number17 else None,
                "password": self.password_hash,  # a callable: evaluated only on creation
            }, username=spec.username)
            users[spec.username] = user
            assignment = self.get_or_create(RoleAssignment, {
                "created_by": users[spec.created_by] if spec.created_by else None,
            }, user=user, role=spec.role,
                unit=units[spec.unit] if spec.unit else None,
                office=offices[spec.office] if spec.office else None,
                committee=committees[spec.committee] if spec.committee else None)
            logins.append((order.index(spec.role), DemoLogin(
                spec.username, data.DEMO_PASSWORD, Role(spec.role).label,
                assignment.scope_label)))
        # Listed in the order of the roles, not of creation (which follows created_by).
        return [login for _, login in sorted(logins, key=lambda pair: pair[0])]


def _summary(created: Counter[str]) -> str:
    if not created:
        return "演示数据已存在，未新建任何记录。"
    parts = "、".join(f"{name} {n}" for name, n in created.items())
    return f"已载入演示数据，新建：{parts}。"


def load_demo(stdout: TextIO | None = None) -> list[DemoLogin]:
    """Load the demo catalogue, creating only what is missing; return the demo logins."""
    # One hash shared by all new demo accounts, computed in a thread while the catalogue loads:
    # PBKDF2 is deliberately slow (and releases the GIL). Existing accounts keep their password.
    usernames = [spec.username for spec in data.ACCOUNTS]
    missing = User.objects.filter(username__in=usernames).count() < len(usernames)
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(make_password, data.DEMO_PASSWORD) if missing else None
        loader = _Loader(password_hash=future.result if future else
                         functools.partial(make_password, data.DEMO_PASSWORD))
        with transaction.atomic():
            logins = loader.load()
    if stdout is not None:
        stdout.write(_summary(loader.created) + "\n")
    return logins
