"""The eligibility case: validation of the contract's input into a `Case`.

Validation stops at the first problem and names it by its dotted path
(`applicant.id_number`), as the CLI must print one line. Fields other than the
contract's are ignored. Required: every field of the contract except
`applicant.sex`, `applicant.birth_date`, `applicant.retirement_category`
(derived from the ID number and sex), `employment.unit.name` and
`declaration.specialty`. Nullable: `retired_on`,
`archive_hosted_in_guangxi_since`, `current_level` (and the three derived ones).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple, NoReturn

from . import idnumber
from .dates import parse_date, parse_month
from .errors import CaseError
from .policyset import PolicySet, UnknownPolicy
from .registry import get_policy_set
from .retirement import CATEGORIES, CATEGORY_SEX, default_category
from .vocab import APPROVALS, CHANNELS, INDUSTRIES, KINDS, LEVELS, SEXES, UNIT_TYPES

_MISSING = object()


class OtherDeclaration(NamedTuple):
    series: str
    level: str
    channel: str | None


class Case(NamedTuple):
    """A validated case. A NamedTuple: immutable, and built in a third of the
    time of a frozen dataclass (whose __init__ sets each of the 31 fields
    through object.__setattr__)."""

    policy: str
    application_date: date
    id_number: str
    sex: str
    birth_date: date
    retirement_category: str
    civil_servant: bool
    retired_on: date | None
    retirement_extension_approved: bool
    hukou_in_guangxi: bool
    archive_hosted_since: date | None
    previous_id_numbers: tuple[str, ...]
    from_state_organ: bool
    unit_name: str | None
    unit_type: str
    unit_in_guangxi: bool
    unit_legal_person: bool
    unit_industry: str
    relation_since: date
    series: str
    specialty: str | None
    evaluation_appointment_combined: bool
    level: str
    current_level: str | None
    kind: str
    channel: str
    approvals: frozenset[str]
    materials: frozenset[str]
    continuing_education_completed: bool
    social_insurance_months: frozenset[int]  # month indexes, see dates.month_index
    other_declarations: tuple[OtherDeclaration, ...]


def _type(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "boolean",
        int: "number",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
    }.get(type(value), type(value).__name__)


# Validation is written inline (`if type(v) is not bool: _bad(...)`) because it
# runs for every case of a batch; the `_bad*` helpers only build the error.


def _bad(value: Any, path: str, expected: str) -> NoReturn:
    if value is _MISSING:
        raise CaseError(path, "missing field")
    raise CaseError(path, f"must be {expected}, got {_type(value)}")


def _bad_choice(value: Any, path: str, choices: Iterable[str]) -> NoReturn:
    if type(value) is not str:
        _bad(value, path, "a string")
    raise CaseError(path, f"{value!r} is not one of {', '.join(sorted(choices))}")


def _obj(value: Any, path: str) -> dict[str, Any]:
    if type(value) is not dict:
        _bad(value, path, "an object")
    return value


def _date(value: Any, path: str) -> date:
    if type(value) is not str:
        _bad(value, path, "a date string")
    try:
        return parse_date(value)
    except ValueError as exc:
        raise CaseError(path, str(exc)) from None


def _codes(value: Any, path: str, choices: tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    if type(value) is not list:
        _bad(value, path, "an array")
    for i, item in enumerate(value):
        if type(item) is not str or item not in choices:
            _bad_choice(item, f"{path}[{i}]", choices)
    return frozenset(value)


def _policy(data: dict[str, Any]) -> PolicySet:
    policy_id = data.get("policy", _MISSING)
    if type(policy_id) is not str:
        _bad(policy_id, "policy", "a string")
    try:
        return get_policy_set(policy_id)
    except UnknownPolicy:
        raise CaseError("policy", f"unknown policy set {policy_id!r}") from None


def _id_number(value: Any) -> str:
    if type(value) is not str:
        _bad(value, "applicant.id_number", "a string")
    try:
        return idnumber.validate18(value)
    except idnumber.IdNumberError as exc:
        raise CaseError("applicant.id_number", str(exc)) from None


def _previous_ids(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        _bad(value, "applicant.previous_id_numbers", "an array")
    out = []
    for i, item in enumerate(value):
        path = f"applicant.previous_id_numbers[{i}]"
        if type(item) is not str:
            _bad(item, path, "a string")
        try:
            out.append(idnumber.validate(item))
        except idnumber.IdNumberError as exc:
            raise CaseError(path, str(exc)) from None
    return tuple(out)


def _months(value: Any) -> frozenset[int]:
    if type(value) is not list:
        _bad(value, "declaration.social_insurance_months", "an array")
    out = []
    for i, item in enumerate(value):
        if type(item) is not str:
            _bad(item, f"declaration.social_insurance_months[{i}]", "a string")
        try:
            out.append(parse_month(item))
        except ValueError as exc:
            raise CaseError(f"declaration.social_insurance_months[{i}]", str(exc)) from None
    return frozenset(out)


def _others(value: Any) -> tuple[OtherDeclaration, ...]:
    if type(value) is not list:
        _bad(value, "other_declarations_same_year", "an array")
    out = []
    for i, item in enumerate(value):
        path = f"other_declarations_same_year[{i}]"
        item = _obj(item, path)
        series = item.get("series", _MISSING)
        if type(series) is not str:
            _bad(series, f"{path}.series", "a string")
        level = item.get("level", _MISSING)
        if level not in LEVELS:
            _bad_choice(level, f"{path}.level", LEVELS)
        channel = item.get("channel")
        if channel is not None and channel not in CHANNELS:
            _bad_choice(channel, f"{path}.channel", CHANNELS)
        out.append(OtherDeclaration(series, level, channel))
    return tuple(out)


def _optional_str(obj: dict[str, Any], key: str, path: str) -> str | None:
    value = obj.get(key)
    if value is not None and type(value) is not str:
        _bad(value, path, "a string")
    return value


def parse_case(data: Any, policy_set: PolicySet | None = None) -> tuple[Case, PolicySet]:
    """Validate a decoded JSON case; return it with its policy set, or raise CaseError.

    With `policy_set` given, the case's `policy` field is not looked up (it must
    still be a string). Fields are checked in the contract's order.

    Two paths: `_parse_valid` accepts exactly the valid cases in canonical form
    and builds the same `Case` with fewer steps; whatever it does not accept (an
    invalid case, or a valid one it leaves to the long way: an ID number with a
    lower-case x or spaces, say) goes through `_parse_checked`, which decides and
    names the first problem. So results and error messages are those of
    `_parse_checked` alone."""
    try:
        return _parse_valid(data, policy_set)
    except Exception:  # any doubt: the checked path decides
        return _parse_checked(data, policy_set)


class _Recheck(Exception):
    """Raised by `_parse_valid` to hand a case to `_parse_checked`."""


_ID18 = re.compile(r"[0-9]{17}[0-9X]")
_SEX_SET = frozenset(SEXES)
_CATEGORY_SET = frozenset(CATEGORIES)
_UNIT_TYPE_SET = frozenset(UNIT_TYPES)
_INDUSTRY_SET = frozenset(INDUSTRIES)
_LEVEL_SET = frozenset(LEVELS)
_KIND_SET = frozenset(KINDS)
_CHANNEL_SET = frozenset(CHANNELS)
_APPROVAL_SET = frozenset(APPROVALS)
_new_case = tuple.__new__  # Case(*fields) without NamedTuple's keyword-handling __new__


@lru_cache(maxsize=65536)  # birth days recur across a batch
def _birth(digits8: str) -> date:
    return date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:]))


def _all_str(values: list[Any]) -> None:
    for v in values:
        if type(v) is not str:
            raise _Recheck


def _parse_valid(data: Any, policy_set: PolicySet | None) -> tuple[Case, PolicySet]:
    """`_parse_checked` for valid input, any exception otherwise (see parse_case).

    Every check of `_parse_checked` is here (a subscript for each required field,
    `type(v) is T` for each type), in whatever order is cheapest."""
    if type(data) is not dict:
        raise _Recheck
    policy_id = data["policy"]
    if type(policy_id) is not str:
        raise _Recheck
    ps = get_policy_set(policy_id) if policy_set is None else policy_set
    v = data["application_date"]
    if type(v) is not str:
        raise _Recheck
    application_date = parse_date(v)

    a = data["applicant"]
    if type(a) is not dict:
        raise _Recheck
    id_number = a["id_number"]
    # The canonical 18-character form only (idnumber.validate18 also normalises).
    if type(id_number) is not str or len(id_number) != 18 or not _ID18.fullmatch(id_number):
        raise _Recheck
    if id_number[:2] not in idnumber.PROVINCES:
        raise _Recheck
    id_birth = _birth(id_number[6:14])
    if id_birth.year < 1800 or id_number[17] != idnumber.check_digit(id_number[:17]):
        raise _Recheck
    if id_birth > application_date:
        raise _Recheck
    id_sex = "male" if int(id_number[16]) % 2 else "female"
    sex = a.get("sex")
    if sex is not None and (sex not in _SEX_SET or sex != id_sex):
        raise _Recheck
    birth = a.get("birth_date")
    if birth is not None and (type(birth) is not str or parse_date(birth) != id_birth):
        raise _Recheck
    category = a.get("retirement_category")
    if category is None:
        category = default_category(id_sex)
    elif category not in _CATEGORY_SET or CATEGORY_SEX[category] != id_sex:
        raise _Recheck
    civil_servant = a["civil_servant"]
    extension = a["retirement_extension_approved"]
    hukou = a["hukou_in_guangxi"]
    from_state_organ = a["from_state_organ"]
    if (
        type(civil_servant) is not bool
        or type(extension) is not bool
        or type(hukou) is not bool
        or type(from_state_organ) is not bool
    ):
        raise _Recheck
    retired_on = a["retired_on"]
    if retired_on is not None:
        if type(retired_on) is not str:
            raise _Recheck
        retired_on = parse_date(retired_on)
    hosted = a["archive_hosted_in_guangxi_since"]
    if hosted is not None:
        if type(hosted) is not str:
            raise _Recheck
        hosted = parse_date(hosted)
    previous = a["previous_id_numbers"]
    if type(previous) is not list:
        raise _Recheck
    if previous:
        _all_str(previous)
        previous = tuple(map(idnumber.validate, previous))
    else:
        previous = ()

    e = data["employment"]
    if type(e) is not dict:
        raise _Recheck
    u = e["unit"]
    if type(u) is not dict:
        raise _Recheck
    unit_name = u.get("name")
    unit_type = u["type"]
    in_guangxi = u["in_guangxi"]
    legal_person = u["legal_person"]
    industry = u["industry"]
    if (
        (unit_name is not None and type(unit_name) is not str)
        or unit_type not in _UNIT_TYPE_SET
        or type(in_guangxi) is not bool
        or type(legal_person) is not bool
        or industry not in _INDUSTRY_SET
    ):
        raise _Recheck
    relation_since = e["relation_since"]
    if type(relation_since) is not str:
        raise _Recheck
    relation_since = parse_date(relation_since)

    d = data["declaration"]
    if type(d) is not dict:
        raise _Recheck
    series = d["series"]
    specialty = d.get("specialty")
    combined = d["evaluation_appointment_combined"]
    level = d["level"]
    current = d["current_level"]
    kind = d["kind"]
    channel = d["channel"]
    completed = d["continuing_education_completed"]
    if (
        type(series) is not str
        or (specialty is not None and type(specialty) is not str)
        or type(combined) is not bool
        or level not in _LEVEL_SET
        or (current is not None and current not in _LEVEL_SET)
        or kind not in _KIND_SET
        or channel not in _CHANNEL_SET
        or type(completed) is not bool
    ):
        raise _Recheck
    approvals = d["approvals"]
    materials = d["materials"]
    months = d["social_insurance_months"]
    if type(approvals) is not list or type(materials) is not list or type(months) is not list:
        raise _Recheck
    _all_str(approvals)
    _all_str(materials)
    _all_str(months)
    approvals = frozenset(approvals)
    materials = frozenset(materials)
    if not (approvals <= _APPROVAL_SET and materials <= ps.materials):
        raise _Recheck
    months = frozenset(map(parse_month, months))

    others = data["other_declarations_same_year"]
    if type(others) is not list:
        raise _Recheck
    others = _others(others) if others else ()

    # In Case's field order.
    case = _new_case(Case, (
        ps.id, application_date, id_number, id_sex, id_birth, category, civil_servant,
        retired_on, extension, hukou, hosted, previous, from_state_organ, unit_name, unit_type,
        in_guangxi, legal_person, industry, relation_since, series, specialty, combined, level,
        current, kind, channel, approvals, materials, completed, months, others,
    ))
    return case, ps


def _parse_checked(data: Any, policy_set: PolicySet | None) -> tuple[Case, PolicySet]:
    """Validation field by field in the contract's order, naming the first problem."""
    data = _obj(data, "(case)")
    if policy_set is None:
        ps = _policy(data)
    else:
        if type(data.get("policy", _MISSING)) is not str:
            _bad(data.get("policy", _MISSING), "policy", "a string")
        ps = policy_set
    get = data.get
    application_date = _date(get("application_date", _MISSING), "application_date")

    # applicant
    a = _obj(get("applicant", _MISSING), "applicant")
    id_number = _id_number(a.get("id_number", _MISSING))
    id_birth = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    id_sex = "male" if int(id_number[16]) % 2 else "female"
    if id_birth > application_date:
        raise CaseError(
            "applicant.id_number",
            f"birth date {id_birth} is after application_date {application_date}",
        )
    sex = a.get("sex")
    if sex is not None:
        if sex not in SEXES:
            _bad_choice(sex, "applicant.sex", SEXES)
        if sex != id_sex:
            raise CaseError(
                "applicant.sex", f"{sex!r} contradicts the ID number, whose order code is {id_sex}"
            )
    birth = a.get("birth_date")
    if birth is not None and _date(birth, "applicant.birth_date") != id_birth:
        raise CaseError(
            "applicant.birth_date",
            f"{birth} contradicts the ID number, whose birth date is {id_birth}",
        )
    category = a.get("retirement_category")
    if category is None:
        category = default_category(id_sex)
    elif category not in CATEGORIES:
        _bad_choice(category, "applicant.retirement_category", CATEGORIES)
    elif CATEGORY_SEX[category] != id_sex:
        raise CaseError(
            "applicant.retirement_category",
            f"{category!r} is for {CATEGORY_SEX[category]} applicants, the ID number is {id_sex}",
        )
    flags = []
    for key in (
        "civil_servant",
        "retirement_extension_approved",
        "hukou_in_guangxi",
        "from_state_organ",
    ):
        value = a.get(key, _MISSING)
        if type(value) is not bool:
            _bad(value, f"applicant.{key}", "true or false")
        flags.append(value)
    civil_servant, extension, hukou, from_state_organ = flags
    retired_on = a.get("retired_on", _MISSING)
    if retired_on is not None:
        retired_on = _date(retired_on, "applicant.retired_on")
    hosted = a.get("archive_hosted_in_guangxi_since", _MISSING)
    if hosted is not None:
        hosted = _date(hosted, "applicant.archive_hosted_in_guangxi_since")
    previous = _previous_ids(a.get("previous_id_numbers", _MISSING))

    # employment
    e = _obj(get("employment", _MISSING), "employment")
    u = _obj(e.get("unit", _MISSING), "employment.unit")
    unit_name = _optional_str(u, "name", "employment.unit.name")
    unit_type = u.get("type", _MISSING)
    if unit_type not in UNIT_TYPES:
        _bad_choice(unit_type, "employment.unit.type", UNIT_TYPES)
    in_guangxi = u.get("in_guangxi", _MISSING)
    if type(in_guangxi) is not bool:
        _bad(in_guangxi, "employment.unit.in_guangxi", "true or false")
    legal_person = u.get("legal_person", _MISSING)
    if type(legal_person) is not bool:
        _bad(legal_person, "employment.unit.legal_person", "true or false")
    industry = u.get("industry", _MISSING)
    if industry not in INDUSTRIES:
        _bad_choice(industry, "employment.unit.industry", INDUSTRIES)
    relation_since = _date(e.get("relation_since", _MISSING), "employment.relation_since")

    # declaration
    d = _obj(get("declaration", _MISSING), "declaration")
    series = d.get("series", _MISSING)
    if type(series) is not str:
        _bad(series, "declaration.series", "a string")
    specialty = _optional_str(d, "specialty", "declaration.specialty")
    combined = d.get("evaluation_appointment_combined", _MISSING)
    if type(combined) is not bool:
        _bad(combined, "declaration.evaluation_appointment_combined", "true or false")
    level = d.get("level", _MISSING)
    if level not in LEVELS:
        _bad_choice(level, "declaration.level", LEVELS)
    current = d.get("current_level", _MISSING)
    if current is not None and current not in LEVELS:
        _bad_choice(current, "declaration.current_level", LEVELS)
    kind = d.get("kind", _MISSING)
    if kind not in KINDS:
        _bad_choice(kind, "declaration.kind", KINDS)
    channel = d.get("channel", _MISSING)
    if channel not in CHANNELS:
        _bad_choice(channel, "declaration.channel", CHANNELS)
    approvals = _codes(d.get("approvals", _MISSING), "declaration.approvals", APPROVALS)
    materials = _codes(d.get("materials", _MISSING), "declaration.materials", ps.materials)
    completed = d.get("continuing_education_completed", _MISSING)
    if type(completed) is not bool:
        _bad(completed, "declaration.continuing_education_completed", "true or false")
    months = _months(d.get("social_insurance_months", _MISSING))

    others = _others(get("other_declarations_same_year", _MISSING))

    case = Case(
        policy=ps.id,
        application_date=application_date,
        id_number=id_number,
        sex=id_sex,
        birth_date=id_birth,
        retirement_category=category,
        civil_servant=civil_servant,
        retired_on=retired_on,
        retirement_extension_approved=extension,
        hukou_in_guangxi=hukou,
        archive_hosted_since=hosted,
        previous_id_numbers=previous,
        from_state_organ=from_state_organ,
        unit_name=unit_name,
        unit_type=unit_type,
        unit_in_guangxi=in_guangxi,
        unit_legal_person=legal_person,
        unit_industry=industry,
        relation_since=relation_since,
        series=series,
        specialty=specialty,
        evaluation_appointment_combined=combined,
        level=level,
        current_level=current,
        kind=kind,
        channel=channel,
        approvals=approvals,
        materials=materials,
        continuing_education_completed=completed,
        social_insurance_months=months,
        other_declarations=others,
    )
    return case, ps
