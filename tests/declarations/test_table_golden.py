"""A golden copy of the workflow table (issue 8): states with who may view and edit them,
transitions with their roles, phases, named conditions and effects. An accidental edit of the
table fails here; a deliberate one updates golden_table.txt in the same commit, where a
reviewer sees exactly what changed."""

from pathlib import Path

from zhicheng.declarations.domain import conditions
from zhicheng.declarations.domain.workflow import EFFECTS, STATES, TRANSITIONS, C
from zhicheng.declarations.models import State

GOLDEN = Path(__file__).with_name("golden_table.txt")


def _names(values) -> str:
    return ",".join(sorted(str(v) for v in values)) or "-"


def render() -> str:
    lines = ["# states: state | applicant's name | viewers | editors"]
    for state, info in STATES.items():
        lines.append(f"{state} | {info.applicant_label} | {_names(info.viewers)} | "
                     f"{_names(info.editors)}")
    lines.append("# conditions: name | clause | label")
    lines += [f"{c.name} | §{c.clause} | {c.label}" for c in C.values()]
    lines.append("# transitions: name | sources -> target | roles | phases | conditions | "
                 "effects | reason | irreversible | clause")
    for t in TRANSITIONS:
        phases = _names(t.phases) if t.phases is not None else "any"
        lines.append(
            f"{t.name} | {_names(t.sources)} -> {t.target} | {_names(t.roles)} | {phases} | "
            f"{','.join(t.conditions) or '-'} | {','.join(t.effects) or '-'} | "
            f"{'reason' if t.needs_reason else '-'} | "
            f"{'irreversible' if t.irreversible else '-'}"
            f"{' automatic' if t.automatic else ''} | §{t.clause or '-'}")
    return "\n".join(lines) + "\n"


def test_the_table_matches_its_golden_copy():
    assert render() == GOLDEN.read_text(encoding="utf-8")


def test_every_state_is_in_the_table():
    assert set(STATES) == set(State)


def test_every_named_condition_and_effect_is_implemented():
    """Fail closed in production; here, fail the build."""
    assert conditions.unimplemented() == []
    assert set(EFFECTS) <= conditions.effects_implemented()
    named = {c for t in TRANSITIONS for c in t.conditions}
    assert named == set(C), "a declared condition that no transition names"
