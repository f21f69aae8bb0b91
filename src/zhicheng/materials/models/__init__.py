from zhicheng.materials.models.catalogue import Condition, FileFormat, MaterialType
from zhicheng.materials.models.files import MaterialFile, StoredFile

__all__ = ["Condition", "FileFormat", "MaterialFile", "MaterialType", "StoredFile"]
