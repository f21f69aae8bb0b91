"""Named conditions of the transitions.

The workflow table (workflow.py) names, for each transition, the conditions that must hold
and the effects taken with it; this module holds what a condition is and the registry of
their implementations. Each app implements the conditions it owns (review: the pledge,
notices: the unit notice, approvals: approvals and education, integrity: fraud cases) with
`@implements("name")`. perform() runs every named condition inside its transaction, under
the declaration's row lock, whoever calls it; a condition named in the table with no
implementation refuses the transition (fail closed), and an implementation for a name the
table does not know is an error at registration.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import RoleAssignment, User
from zhicheng.declarations.models import Declaration


@dataclass(frozen=True)
class Condition:
    name: str
    label: str  # what must hold, in Chinese, as shown in the table
    clause: str  # the clause of 桂职办〔2017〕26号 it enforces


@dataclass
class Context:
    """What a condition or an effect is given: the locked declaration, who acts and as what,
    the business day, and a scratch space so that one condition's work (an eligibility check)
    is not repeated by another or by an effect (freezing that very check)."""

    transition: str
    declaration: Declaration
    actor: User
    assignment: RoleAssignment
    today: datetime.date
    reason: str = ""
    scratch: dict[str, Any] = field(default_factory=dict)


Check = Callable[[Context], None]

CATALOGUE: dict[str, Condition] = {}
_IMPLEMENTATIONS: dict[str, Check] = {}


def declare(*conditions: Condition) -> None:
    for c in conditions:
        if c.name in CATALOGUE and CATALOGUE[c.name] != c:
            raise ValueError(f"condition {c.name} declared twice")
        CATALOGUE[c.name] = c


def implements(name: str):
    """Decorator: `fn(ctx)` is the check of condition `name`; it raises Refused to stop."""

    def register(fn: Check) -> Check:
        if name not in CATALOGUE:
            raise ValueError(f"no condition named {name!r} in the workflow table")
        current = _IMPLEMENTATIONS.get(name)
        if current is not None and current is not fn and (
                current.__module__, current.__qualname__) != (fn.__module__, fn.__qualname__):
            raise ValueError(f"condition {name!r} implemented twice")
        _IMPLEMENTATIONS[name] = fn
        return fn

    return register


def implementation(name: str) -> Check | None:
    return _IMPLEMENTATIONS.get(name)


def run(name: str, ctx: Context) -> None:
    fn = _IMPLEMENTATIONS.get(name)
    if fn is None:
        c = CATALOGUE.get(name)
        label = c.label if c else name
        raise Refused(f"条件「{label}」无法核对（系统未配置），不能办理。",
                      code="condition_unavailable")
    fn(ctx)


def unimplemented() -> list[str]:
    return sorted(set(CATALOGUE) - set(_IMPLEMENTATIONS))


# Effects: what a transition does besides changing the state (stamp the submission, freeze
# the eligibility record). Each returns the fields it changed, saved with the state.
Effect = Callable[[Context], list[str]]
_EFFECTS: dict[str, Effect] = {}


def effect(name: str):
    def register(fn: Effect) -> Effect:
        _EFFECTS[name] = fn
        return fn

    return register


def apply(name: str, ctx: Context) -> list[str]:
    fn = _EFFECTS.get(name)
    if fn is None:
        raise Refused(f"「{name}」无法执行（系统未配置），不能办理。",
                      code="condition_unavailable")
    return fn(ctx)


def effects_implemented() -> set[str]:
    return set(_EFFECTS)
