from zhicheng.evaluation.models.pool import Expert, ExpertStatus, ExpertStatusChange
from zhicheng.evaluation.models.sessions import DrawState, EvaluationSession, MemberDraw

__all__ = ["DrawState", "EvaluationSession", "Expert", "ExpertStatus", "ExpertStatusChange",
           "MemberDraw"]
