from zhicheng.declarations.models.declaration import (
    Channel,
    Declaration,
    DeclarationKind,
    State,
)

__all__ = ["Channel", "Declaration", "DeclarationKind", "State"]
