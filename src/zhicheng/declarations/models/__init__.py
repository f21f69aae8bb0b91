from zhicheng.declarations.models.declaration import (
    Channel,
    Declaration,
    DeclarationKind,
    RetirementCategory,
    State,
)
from zhicheng.declarations.models.history import (
    Achievement,
    AchievementKind,
    ApprovalCode,
    DeclaredApproval,
    Degree,
    Education,
    WorkRecord,
)

__all__ = [
    "Achievement",
    "AchievementKind",
    "ApprovalCode",
    "Channel",
    "Declaration",
    "DeclarationKind",
    "DeclaredApproval",
    "Degree",
    "Education",
    "RetirementCategory",
    "State",
    "WorkRecord",
]
