"""Material slots and uploads: the public domain functions."""

from zhicheng.materials.domain.catalogue import update_material_type
from zhicheng.materials.domain.errors import InvalidUpload
from zhicheng.materials.domain.locking import LOCKED_MESSAGE, can_change_materials
from zhicheng.materials.domain.slots import MaterialContext, Slot, context_for, slots_for
from zhicheng.materials.domain.uploads import history, remove_material, upload_material

__all__ = [
    "LOCKED_MESSAGE",
    "InvalidUpload",
    "MaterialContext",
    "Slot",
    "can_change_materials",
    "context_for",
    "history",
    "remove_material",
    "slots_for",
    "update_material_type",
    "upload_material",
]
