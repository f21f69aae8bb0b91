from zhicheng.core.models.bindings import BindingPurpose, BindingStatus, UnitBinding
from zhicheng.core.models.calendar import WorkdayOverride
from zhicheng.core.models.catalogue import Committee, CommitteeArea, Level, Series, Specialty
from zhicheng.core.models.organisations import City, Industry, Office, OfficeKind, Unit, UnitType
from zhicheng.core.models.plans import DeploymentFiling, Phase, Plan, PlanPhase
from zhicheng.core.models.users import ROLE_SCOPE_FIELD, Role, RoleAssignment, User

__all__ = [
    "ROLE_SCOPE_FIELD",
    "BindingPurpose",
    "BindingStatus",
    "City",
    "Committee",
    "CommitteeArea",
    "DeploymentFiling",
    "Industry",
    "Level",
    "Office",
    "OfficeKind",
    "Phase",
    "Plan",
    "PlanPhase",
    "Role",
    "RoleAssignment",
    "Series",
    "Specialty",
    "Unit",
    "UnitBinding",
    "UnitType",
    "User",
    "WorkdayOverride",
]
