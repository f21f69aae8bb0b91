"""Policy sets: one notice's parameters and rules, versioned and hashed.

A policy set is immutable. A later year's notice is a new set (`derive`), never
an edit, so a decision recorded under a set can always be re-run under it. The
content hash is the sha256 of a canonical JSON of everything that decides an
outcome: parameters (with their dated values and clause references) and the
ids of the rules (which carry a version suffix, bumped whenever a rule's logic
changes).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from . import vocab


@dataclass(frozen=True, slots=True)
class ExamRequirement:
    """A §3.2.3 exam (职称外语 / 计算机应用能力) required for some series and levels.

    Met by the certificate material, or by one of the exemption materials, or by
    age (`exempt_from_age`: aged at least this on the application date)."""

    exam: str  # e.g. "foreign_language", "computer"
    name_zh: str
    series: tuple[str, ...]  # ("*",) = every series
    levels: tuple[str, ...]
    certificate: str  # material code
    exemptions: tuple[str, ...] = ()  # material codes
    exempt_from_age: int | None = None

    def applies(self, series: str, level: str) -> bool:
        return level in self.levels and ("*" in self.series or series in self.series)


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter: values with the date each takes effect, and its clause."""

    name: str
    clause: str
    values: tuple[tuple[date, Any], ...]  # ascending by date
    source: str = ""  # the document the value comes from, when not the notice itself

    def at(self, day: date) -> Any:
        for since, value in reversed(self.values):
            if since <= day:
                return value
        # Before the first value: the first one (the set's dates bound its use).
        return self.values[0][1]


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, ExamRequirement):
        return {k: getattr(value, k) for k in ExamRequirement.__slots__}
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"not canonical JSON: {value!r}")


def canonical_json(value: Any) -> str:
    return json.dumps(
        value, default=_encode, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


@dataclass(frozen=True)
class PolicySet:
    id: str
    document: str  # 文号
    title: str
    issued: date
    effective_from: date
    effective_to: date | None
    params: tuple[Param, ...]
    rules: tuple[str, ...]
    derived_from: str | None = None
    hash: str = field(init=False, compare=False)
    _by_name: dict[str, Param] = field(init=False, repr=False, compare=False)
    _on: dict[date, dict[str, Any]] = field(init=False, repr=False, compare=False)
    materials: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {p.name: p for p in self.params}
        if len(by_name) != len(self.params):
            raise ValueError(f"{self.id}: duplicate parameter names")
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_on", {})
        object.__setattr__(self, "materials", self._material_codes())
        digest = hashlib.sha256(canonical_json(self.canonical()).encode()).hexdigest()
        object.__setattr__(self, "hash", digest)

    def canonical(self) -> dict[str, Any]:
        """What the hash covers (derived_from is provenance, not content)."""
        return {
            "id": self.id,
            "document": self.document,
            "effective_from": self.effective_from,
            "effective_to": self.effective_to,
            "params": {
                p.name: {"clause": p.clause, "source": p.source, "values": p.values}
                for p in self.params
            },
            "rules": self.rules,
        }

    def param(self, name: str) -> Param:
        return self._by_name[name]

    def params_on(self, day: date) -> dict[str, Any]:
        """All parameter values in force on `day` (memoised: one dict per day)."""
        values = self._on.get(day)
        if values is None:
            values = {p.name: p.at(day) for p in self.params}
            self._on[day] = values
        return values

    def in_force(self, day: date) -> bool:
        end = self.effective_to
        return self.effective_from <= day and (end is None or day <= end)

    def _material_codes(self) -> frozenset[str]:
        """Material codes a case may list: the contract's plus exam certificates/exemptions."""
        codes = set(vocab.MATERIALS)
        for p in self.params:
            for _, value in p.values:
                if isinstance(value, tuple):
                    for req in value:
                        if isinstance(req, ExamRequirement):
                            codes.add(req.certificate)
                            codes.update(req.exemptions)
        return frozenset(codes)

    def derive(
        self,
        id: str,
        document: str,
        *,
        values: dict[str, tuple[tuple[date, Any], ...]] | None = None,
        **changes: Any,
    ) -> PolicySet:
        """A new set from this one: new id and 文号, parameters replaced by name
        (`values={"social_insurance_months": ((date(2018, 1, 1), 12),)}`)."""
        params = tuple(
            replace(p, values=values[p.name]) if values and p.name in values else p
            for p in self.params
        )
        unknown = set(values or ()) - {p.name for p in self.params}
        if unknown:
            raise KeyError(f"unknown parameters: {sorted(unknown)}")
        return replace(
            self, id=id, document=document, params=params, derived_from=self.id, **changes
        )


class UnknownPolicy(KeyError):
    pass
