"""The secret ballot (issue 11 point 7) over Belenios; see :mod:`.engine` for the mapping."""

from .engine import (
    CHOICES,
    THRESHOLD,
    Ballot,
    Credential,
    OpenedRound,
    Refused,
    Tally,
    TrusteeKey,
    archive_sha256,
    build_ballot,
    cast,
    close_round,
    compute_result,
    export,
    open_round,
    partial_decrypt,
    result,
    submit_ballot,
    tool_path,
    trackers,
    verify,
)

__all__ = [
    "CHOICES", "THRESHOLD", "Ballot", "Credential", "OpenedRound", "Refused", "Tally",
    "TrusteeKey", "archive_sha256", "build_ballot", "cast", "close_round", "compute_result",
    "export", "open_round", "partial_decrypt", "result", "submit_ballot", "tool_path",
    "trackers", "verify",
]
