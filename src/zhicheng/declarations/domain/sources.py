"""Facts other apps contribute to the eligibility case: approvals recorded by offices
(approvals app) are what the engine sees (issue 5 §5); material slots and files (materials
app) are what submission checks (§3.2.1)."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from zhicheng.declarations.models import Declaration

ApprovalSource = Callable[[Declaration], set[str]]

_APPROVAL_SOURCES: list[ApprovalSource] = []


def approval_source(fn: ApprovalSource) -> ApprovalSource:
    if fn not in _APPROVAL_SOURCES:
        _APPROVAL_SOURCES.append(fn)
    return fn


def approvals_on_file(decl: Declaration) -> set[str]:
    codes: set[str] = set()
    for fn in _APPROVAL_SOURCES:
        codes |= fn(decl)
    return codes


# The material slots of a declaration and the codes holding a current file. The materials app
# sits above this one (its records point at declarations), so it registers these when it loads
# (MaterialsConfig.ready) instead of being imported from here.
MaterialSlots = Callable[[Declaration], list]
MaterialCodes = Callable[[Declaration], list[str]]

_MATERIALS: dict[str, Callable] = {}


def material_source(*, slots: MaterialSlots, current_codes: MaterialCodes,
                    current_files: Callable) -> None:
    _MATERIALS.update(slots=slots, current_codes=current_codes, current_files=current_files)


def _materials(name: str) -> Callable:
    if name not in _MATERIALS:
        raise ImproperlyConfigured("zhicheng.materials must be installed: declarations "
                                   "cannot be checked or submitted without their materials.")
    return _MATERIALS[name]


def material_slots(decl: Declaration) -> list:
    """The declaration's material slots, each with its current files (materials.Slot)."""
    return _materials("slots")(decl)


def current_material_codes(decl: Declaration) -> list[str]:
    return _materials("current_codes")(decl)


def current_material_files(decl: Declaration):
    """The declaration's current files, in catalogue order (materials.MaterialFile)."""
    return _materials("current_files")(decl)
