from zhicheng.evaluation.models.ballots import (
    BallotRound,
    Election,
    RoundState,
    SessionRecord,
    Trustee,
    TrusteeShare,
    Verdict,
    VoterSlot,
)
from zhicheng.evaluation.models.meeting import (
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictState,
    Deliberation,
    GroupReport,
    Opinion,
    RecusalRequest,
    Seat,
    SeatRole,
)
from zhicheng.evaluation.models.pool import Expert, ExpertStatus, ExpertStatusChange
from zhicheng.evaluation.models.sessions import DrawState, EvaluationSession, MemberDraw

__all__ = [
    "BallotRound", "Conflict", "ConflictKind", "ConflictSource", "ConflictState",
    "Deliberation", "DrawState", "Election", "EvaluationSession", "Expert", "ExpertStatus",
    "ExpertStatusChange", "GroupReport", "MemberDraw", "Opinion", "RecusalRequest",
    "RoundState", "Seat", "SeatRole", "SessionRecord", "Trustee", "TrusteeShare", "Verdict",
    "VoterSlot",
]
