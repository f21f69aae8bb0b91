"""Which material files a user may open: everything on a declaration their scope covers, and
on a draft seen through a request only that request's proofs — never the ID card
(declarations.domain.scope.access_for). Pages, API and downloads all ask here."""

from zhicheng.core.models import User
from zhicheng.declarations.domain.scope import Access, access_for
from zhicheng.materials.domain.slots import Slot, context_for, slots_for
from zhicheng.materials.models import MaterialFile


def seen_slots(access: Access) -> list[Slot]:
    decl = access.declaration
    return [s for s in slots_for(context_for(decl), decl) if access.sees_material(s.code)]


def seen_file(user: User, file_pk: int) -> MaterialFile | None:
    """The file, or None when the user may not know it exists (404)."""
    mf = (MaterialFile.objects
          .select_related("stored_file__uploaded_by", "material_type", "declaration__committee")
          .filter(pk=file_pk).first())
    if mf is None:
        return None
    access = access_for(user, mf.declaration)
    if access is None or not access.sees_material(mf.material_type.code):
        return None
    return mf


def request_proofs(access: Access) -> list[MaterialFile]:
    """The current files a request's recipient may open (for the request's own page)."""
    return [f for s in seen_slots(access) for f in s.files]
