from zhicheng.review.models.checks import CheckItem, CheckParty, CheckResult, ItemCheck
from zhicheng.review.models.pledge import Pledge
from zhicheng.review.models.recommendation import Deliberation, Interview, InterviewResult

__all__ = [
    "CheckItem",
    "CheckParty",
    "CheckResult",
    "Deliberation",
    "Interview",
    "InterviewResult",
    "ItemCheck",
    "Pledge",
]
