"""Which material slots a declaration has, and which are still missing."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string

from zhicheng.core.prepared import PreparedQuery
from zhicheng.declarations.models import Declaration, DeclarationKind
from zhicheng.materials.models import Condition, MaterialFile, MaterialType


@dataclass(frozen=True)
class MaterialContext:
    """The facts about a declaration that decide its slots (built by the declarations app)."""

    series_code: str
    level: str
    kind: str
    unit_type: str
    has_title: bool
    id_changed: bool


@dataclass
class Slot:
    material_type: MaterialType
    required: bool
    files: list[MaterialFile] = field(default_factory=list)
    error: str = ""  # set by a page that just refused an upload to this slot

    @property
    def missing(self) -> bool:
        return self.required and not self.files

    @property
    def clause(self) -> str:
        return self.material_type.clause

    @property
    def code(self) -> str:
        return self.material_type.code

    @property
    def full(self) -> bool:
        return len(self.files) >= self.material_type.max_files


def context_for(declaration: Declaration, *, has_title: bool | None = None,
                id_changed: bool | None = None) -> MaterialContext:
    """The context the pages and the API use. The setting ZHICHENG_MATERIAL_CONTEXT may name
    a function (declaration -> MaterialContext) that knows better.

    By default a declaration other than no-title implies a current title (as does a recorded
    current level), and former ID numbers on the declaration mean the ID changed (§3.2.4.3)."""
    builder = getattr(settings, "ZHICHENG_MATERIAL_CONTEXT", "")
    if builder and has_title is None and id_changed is None:
        return import_string(builder)(declaration)
    if has_title is None:
        has_title = (declaration.kind != DeclarationKind.NO_TITLE
                     or bool(getattr(declaration, "current_level", "")))
    if id_changed is None:
        id_changed = bool(getattr(declaration, "previous_id_numbers", None))
    unit_type = declaration.unit_type_at_submission or declaration.unit.unit_type
    return MaterialContext(series_code=declaration.series.code, level=declaration.level,
                           kind=declaration.kind, unit_type=unit_type, has_title=has_title,
                           id_changed=id_changed)


def condition_holds(condition: str, ctx: MaterialContext) -> bool:
    match condition:
        case Condition.ALWAYS | Condition.OPTIONAL:
            return True
        case Condition.HAS_TITLE:
            return ctx.has_title
        case Condition.NON_PUBLIC:
            return ctx.unit_type == "non_public"
        case Condition.NO_TITLE_OR_EXCEPTIONAL:
            return ctx.kind in (DeclarationKind.NO_TITLE, DeclarationKind.EXCEPTIONAL)
        case Condition.EXCEPTIONAL:
            return ctx.kind == DeclarationKind.EXCEPTIONAL
        case Condition.ID_CHANGED:
            return ctx.id_changed
    return False


def applies_statically(mt: MaterialType, *, level: str, kind: str) -> bool:
    """Level and kind filters (series is filtered in the query)."""
    return (not mt.levels or level in mt.levels) and (not mt.kinds or kind in mt.kinds)


def types_for_series(series_code: str):
    return (MaterialType.objects.filter(active=True)
            .filter(Q(series__isnull=True) | Q(series__code=series_code)).distinct()
            .order_by("sort_order", "code"))


# The form, the status and review pages read both on every view: compiled once.
_TYPES = PreparedQuery(types_for_series, samples=[("sample-a",), ("sample-b",)])
_CURRENT = PreparedQuery(
    lambda declaration_id: MaterialFile.objects.filter(
        declaration_id=declaration_id, is_current=True)
    .select_related("stored_file").order_by("material_type_id", "version"),
    samples=[(-1,), (-2,)])


def current_files(declaration: Declaration) -> list[MaterialFile]:
    return _CURRENT.list(declaration.pk)


def slots_for(ctx: MaterialContext, declaration: Declaration | None = None) -> list[Slot]:
    """Slots in catalogue order: one query for the types, one for the current files.

    A type whose condition does not hold is left out, unless files were already uploaded
    to it (then it is shown, optional, so they are not hidden)."""
    files_by_type: dict[int, list[MaterialFile]] = {}
    if declaration is not None:
        for mf in current_files(declaration):
            files_by_type.setdefault(mf.material_type_id, []).append(mf)
    slots = []
    for mt in _TYPES.list(ctx.series_code):
        if not applies_statically(mt, level=ctx.level, kind=ctx.kind):
            continue
        files = files_by_type.get(mt.pk, [])
        holds = condition_holds(mt.condition, ctx)
        if not holds and not files:
            continue
        required = holds and mt.required and mt.condition != Condition.OPTIONAL
        slots.append(Slot(material_type=mt, required=required, files=files))
    return slots


def missing_codes(slots: list[Slot]) -> list[str]:
    return [s.code for s in slots if s.missing]
