from zhicheng.evaluation.models.pool import Expert, ExpertStatus, ExpertStatusChange

__all__ = ["Expert", "ExpertStatus", "ExpertStatusChange"]
