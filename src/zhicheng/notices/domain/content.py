"""What a notice shows about a declaration, and a hash of what it declares (§4.1.3: a change
after posting needs a supplementary notice, so the system must see that something changed)."""

import hashlib
import json
from dataclasses import dataclass

from django.db.models import Prefetch

from zhicheng.audit.hashing import to_json_safe
from zhicheng.declarations.domain.drafting import FACT_FIELDS
from zhicheng.declarations.models import Declaration
from zhicheng.materials.models import MaterialFile

# Rows of a declaration that are part of what it declares; ids and timestamps are left out
# because saving a draft recreates its rows.
ROW_FIELDS = {
    "education": ("school", "major", "degree", "graduated_on", "certificate_no", "foreign"),
    "work_history": ("starts_on", "ends_on", "employer", "position"),
    "achievements": ("kind", "title", "achieved_on", "detail"),
    "approvals": ("code", "document_number", "issued_on"),
}
HEAD_FIELDS = ("series_id", "committee_id", "level", "unit_id", "host_centre_id")


@dataclass(frozen=True)
class Declared:
    declaration: Declaration
    materials: list[dict]
    content_hash: str


def declarations_with_content(ids):
    """Declarations with everything content_of needs, in a fixed number of queries."""
    current = (MaterialFile.objects.filter(is_current=True)
               .select_related("stored_file", "material_type")
               .order_by("material_type__sort_order", "material_type_id", "version"))
    return (Declaration.objects.filter(pk__in=list(ids))
            .select_related("applicant", "series", "specialty")
            .prefetch_related(*ROW_FIELDS, Prefetch("material_files", queryset=current,
                                                    to_attr="current_files")))


def _facts(decl: Declaration) -> dict:
    facts = {name: getattr(decl, name) for name in HEAD_FIELDS}
    for name in FACT_FIELDS:
        field = decl._meta.get_field(name)
        facts[name] = getattr(decl, field.attname)
    for relation, fields in ROW_FIELDS.items():
        facts[relation] = [{f: getattr(row, f) for f in fields}
                           for row in getattr(decl, relation).all()]
    files = getattr(decl, "current_files", None)
    if files is None:  # not prefetched
        files = list(MaterialFile.objects.filter(declaration=decl, is_current=True)
                     .select_related("stored_file", "material_type"))
    facts["files"] = sorted((f.material_type.code, f.version, f.stored_file.sha256)
                            for f in files)
    return facts


def content_hash(decl: Declaration) -> str:
    text = json.dumps(to_json_safe(_facts(decl)), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _materials(decl: Declaration) -> list[dict]:
    """The list shown on the notice: declared education, title, achievements and the names of
    the material files (no file contents, no private data)."""
    items = []
    if decl.current_title_name:
        items.append({"group": "现有职称", "title": decl.current_title_name})
    for e in decl.education.all():
        items.append({"group": "学历",
                      "title": f"{e.school} {e.major} {e.get_degree_display()}"})
    for a in decl.achievements.all():
        items.append({"group": a.get_kind_display(), "title": a.title})
    seen = []
    for f in getattr(decl, "current_files", []):
        if f.material_type.name not in seen:
            seen.append(f.material_type.name)
    items += [{"group": "申报材料", "title": name} for name in seen]
    return items


def declared(decl: Declaration) -> Declared:
    return Declared(decl, _materials(decl), content_hash(decl))
