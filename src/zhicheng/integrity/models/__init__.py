from zhicheng.integrity.models.cases import CaseAnswer, CaseItem, CaseProof, CaseState, FraudCase
from zhicheng.integrity.models.records import IntegrityRecord

__all__ = ["CaseAnswer", "CaseItem", "CaseProof", "CaseState", "FraudCase", "IntegrityRecord"]
