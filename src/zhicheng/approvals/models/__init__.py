from zhicheng.approvals.models.approvals import Decision, OfficeApproval
from zhicheng.approvals.models.config_changes import ConfigChangeRequest, RequestState, Target
from zhicheng.approvals.models.education import (
    PATH_CLAUSE,
    EducationVerification,
    VerificationMethod,
    VerificationPath,
    VerificationResult,
)

__all__ = [
    "PATH_CLAUSE",
    "ConfigChangeRequest",
    "Decision",
    "EducationVerification",
    "OfficeApproval",
    "RequestState",
    "Target",
    "VerificationMethod",
    "VerificationPath",
    "VerificationResult",
]
