"""What the materials app needs to know about a declaration, and what it holds for it.

Registered with zhicheng.declarations.domain.sources by MaterialsConfig.ready, so that
submission and eligibility (below this app) see the slots without importing it."""

from zhicheng.declarations.domain.sources import material_source
from zhicheng.declarations.models import Declaration
from zhicheng.materials.domain.slots import MaterialContext, Slot, context_for, slots_for
from zhicheng.materials.models import MaterialFile
from zhicheng.policy import idnumber


def id_changed(decl: Declaration) -> bool:
    """§3.2.4.3: proofs under another number, other than the standard 15→18 upgrade."""
    for old in decl.previous_id_numbers or []:
        if idnumber.compact(old) != decl.id_number and not idnumber.is_upgrade(old,
                                                                                decl.id_number):
            return True
    return False


def material_context(decl: Declaration) -> MaterialContext:
    return context_for(decl, has_title=bool(decl.current_level), id_changed=id_changed(decl))


def slots_for_declaration(decl: Declaration) -> list[Slot]:
    return slots_for(material_context(decl), decl)


def current_codes(decl: Declaration) -> list[str]:
    return sorted(set(MaterialFile.objects.filter(declaration=decl, is_current=True)
                      .values_list("material_type__code", flat=True)))


def current_files(decl: Declaration):
    return (MaterialFile.objects.filter(declaration=decl, is_current=True)
            .select_related("material_type", "stored_file")
            .order_by("material_type__sort_order", "material_type__code", "version", "pk"))


material_source(slots=slots_for_declaration, current_codes=current_codes,
                current_files=current_files)
