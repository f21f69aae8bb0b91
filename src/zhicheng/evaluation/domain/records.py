"""The session record (会议记录, issue 11 point 8): everything the session did, as canonical
JSON and as a PDF, archived in the default storage with both hashes in the audit chain.

The content is built from the rows the meeting and ballot steps wrote (seats, conflicts, group
reports, deliberations, rounds, elections, trustee shares, verdicts, the draw record); this
module reads them and writes only the SessionRecord. Never any ballot content: the database has
none (the rounds' tallies are the only counts).
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from zhicheng.audit.domain import record
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Specialty, User
from zhicheng.evaluation.domain.pool import secretariat_of
from zhicheng.evaluation.models import (
    BallotRound,
    Conflict,
    Deliberation,
    Election,
    EvaluationSession,
    GroupReport,
    MemberDraw,
    RoundState,
    Seat,
    SessionRecord,
    Trustee,
    TrusteeShare,
    Verdict,
)

FORMAT = "zhicheng-session-record/1"


def _t(value: datetime.datetime | None) -> str | None:
    # Local time (Asia/Shanghai), to the second: what the minutes show and the JSON keeps.
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _who(user: User | None) -> str | None:
    if user is None:
        return None
    return user.real_name or user.username


def canonical_bytes(content: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes the JSON hash covers (and the download)."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode()


def _applicant(decl) -> dict[str, Any]:
    return {"id": decl.pk, "name": _who(decl.applicant), "unit": decl.unit.name,
            "level": decl.get_level_display()}


def build_content(session: EvaluationSession) -> dict[str, Any]:
    """The record's content, from the database as it is now (pure read)."""
    seats = list(Seat.objects.filter(session=session).select_related("expert__user")
                 .order_by("expert__code"))
    by_expert = {s.expert_id: s.expert for s in seats}
    draw = MemberDraw.objects.filter(session=session).first()
    decls = list(session.declarations.select_related("applicant", "unit").order_by("pk"))
    rounds = list(BallotRound.objects.filter(session=session)
                  .select_related("sealed_by", "opened_by").order_by("number"))
    trustees = list(Trustee.objects.filter(session=session).order_by("position"))

    def expert(e) -> dict[str, str]:
        return {"code": e.code, "name": _who(e.user)}

    present = [s.expert.code for s in seats if s.active and s.checked_in_at]
    absent = [s.expert.code for s in seats if s.active and not s.checked_in_at]
    return {
        "format": FORMAT,
        "session": {
            "id": session.pk, "code": session.code, "name": session.name,
            "committee": session.committee.name, "plan": str(session.plan),
            "held_on": session.held_on.isoformat(),
            "witness": {"name": session.witness_name, "org": session.witness_org},
            "groups": session.groups, "cross_evaluation": session.cross_evaluation,
            "started_at": _t(session.started_at), "ended_at": _t(session.ended_at),
        },
        "applicants": [_applicant(d) for d in decls],
        "attendance": {
            "seats": [{**expert(s.expert), "group": s.group, "role": s.role,
                       "group_leader": s.group_leader, "active": s.active,
                       "declined_reason": s.declined_reason,
                       "checked_in_at": _t(s.checked_in_at)} for s in seats],
            "present": present,
            "absent": absent,
        },
        "recusals": [
            {**expert(c.expert), "declaration": c.declaration_id, "kind": c.kind,
             "kind_label": c.get_kind_display(), "source": c.source, "detail": c.detail,
             "state": c.state, "declared_by": _who(c.declared_by),
             "declared_at": _t(c.declared_at), "decided_by": _who(c.decided_by),
             "decided_at": _t(c.decided_at), "reason": c.decision_reason}
            for c in Conflict.objects.filter(session=session)
            .select_related("expert__user", "declared_by", "decided_by")
            .order_by("declaration_id", "expert__code", "pk")
        ],
        "draw": None if draw is None else {
            "state": draw.state, "record_sha256": draw.record_sha256 or None,
            "inputs_sha256": draw.inputs_sha256, "commitment": draw.commitment,
            "drawn_at": _t(draw.drawn_at),
        },
        "group_reports": [
            {"group": g.group, "declaration": g.declaration_id, "recommend": g.recommend,
             "for": g.for_count, "against": g.against_count, "summary": g.summary,
             "recorded_by": _who(g.recorded_by), "recorded_at": _t(g.recorded_at)}
            for g in GroupReport.objects.filter(session=session).select_related("recorded_by")
            .order_by("declaration_id", "group")
        ],
        "deliberations": [
            {"declaration": d.declaration_id, "notes": d.notes,
             "recorded_by": _who(d.recorded_by), "recorded_at": _t(d.recorded_at)}
            for d in Deliberation.objects.filter(session=session).select_related("recorded_by")
            .order_by("declaration_id", "recorded_at", "pk")
        ],
        "trustees": [{"position": t.position, "name": t.name, "capacity": t.capacity}
                     for t in trustees],
        "rounds": [_round(r, by_expert) for r in rounds],
    }


def _round(r: BallotRound, by_expert) -> dict[str, Any]:
    elections = list(Election.objects.filter(round=r).order_by("pk"))
    shares = (TrusteeShare.objects.filter(election__round=r).select_related("trustee", "election")
              .order_by("election_id", "trustee__position"))
    return {
        "number": r.number, "state": r.state, "members": r.members, "present": r.present,
        "opened_by": _who(r.opened_by), "opened_at": _t(r.opened_at),
        "closed_at": _t(r.closed_at),
        "sealed_by": _who(r.sealed_by), "sealed_at": _t(r.sealed_at),
        "elections": [{"uuid": e.uuid, "archive_sha256": e.archive_sha256 or None,
                       "declarations": e.declarations, "voters": len(e.voters),
                       "ballots": e.ballots} for e in elections],
        "decrypted_by": [{"election": s.election.uuid, "trustee": s.trustee.position,
                          "name": s.trustee.name, "at": _t(s.recorded_at)} for s in shares],
        "verdicts": [{"declaration": v.declaration_id, "agree": v.agree,
                      "disagree": v.disagree, "abstain": v.abstain, "entitled": v.entitled,
                      "needed": v.needed, "passed": v.passed, "basis": v.basis}
                     for v in Verdict.objects.filter(round=r).order_by("declaration_id")],
    }


def render_pdf(content: dict[str, Any], json_sha256: str,
               group_names: dict[str, str] | None = None) -> bytes:
    """The PDF of the record (WeasyPrint, Noto Sans CJK)."""
    from PIL import ImageFile
    from weasyprint import HTML  # heavy import (pango via ffi): only when a record is made

    # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import; uploads must
    # still refuse a truncated scan (materials.domain.inspection), so put it back.
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    names = {a["id"]: a for a in content["applicants"]}
    view = copy.deepcopy(content)  # what the page shows: the groups by name, not by code
    for row in [*view["attendance"]["seats"], *view["group_reports"]]:
        row["group_name"] = (group_names or {}).get(row["group"], row["group"])
    html = render_to_string("evaluation/session_record_pdf.html",
                            {"c": view, "json_sha256": json_sha256, "applicants": names})
    return HTML(string=html).write_pdf()


def _ready(session: EvaluationSession) -> None:
    if session.ended_at is not None:
        return
    states = list(BallotRound.objects.filter(session=session).values_list("state", flat=True))
    if not states or any(s != RoundState.SEALED for s in states):
        raise Refused("会议结束（或各轮投票结果均已由主任委员确认封存）后，才能生成会议记录"
                      "（§5.3.2）。", code="not_ready")


@transaction.atomic
def make_record(*, actor: User, session_id: int) -> SessionRecord:
    """生成会议记录 (secretariat): JSON + PDF stored, both hashes in the audit chain."""
    session = (EvaluationSession.objects.select_for_update().select_related("committee", "plan")
               .filter(pk=session_id).first())
    if session is None:
        raise NotFound()
    acting = secretariat_of(actor, session.committee_id)  # NotFound: not this committee's
    if SessionRecord.objects.filter(session=session).exists():
        raise Refused("本次会议的会议记录已经生成，可直接下载。", code="exists")
    _ready(session)
    content = build_content(session)
    body = canonical_bytes(content)
    json_sha256 = hashlib.sha256(body).hexdigest()
    # The JSON keeps the groups' codes (as the draw does); the PDF names them.
    pdf = render_pdf(content, json_sha256, dict(Specialty.objects.filter(
        series_id=session.committee.series_id).values_list("code", "name")))
    pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    name = default_storage.save(f"session-records/{session.code}-{uuid.uuid4().hex}.pdf",
                                ContentFile(pdf))
    try:
        minutes = SessionRecord.objects.create(
            session=session, content=content, json_sha256=json_sha256, pdf=name,
            pdf_sha256=pdf_sha256, made_by=actor, made_at=clock.now())
        record(actor=actor, action="evaluation.session.minutes", obj=minutes, role=acting.role,
               scope=acting.scope_key, after={"session": session.code, "pdf": name,
                                              "json_sha256": json_sha256,
                                              "pdf_sha256": pdf_sha256})
    except BaseException:
        # No file without its record (as materials/ does). make_record is its own
        # transaction; called inside a caller's atomic block that later rolls back, the file
        # would remain — Django has no on-rollback hook; no caller does that.
        default_storage.delete(name)
        raise
    return minutes


def record_of(actor: User, session_id: int) -> SessionRecord:
    """The record, for its downloads (the secretariat of the session's committee)."""
    minutes = (SessionRecord.objects.select_related("session").filter(session_id=session_id)
               .first())
    if minutes is None:
        raise NotFound()
    secretariat_of(actor, minutes.session.committee_id)
    return minutes
