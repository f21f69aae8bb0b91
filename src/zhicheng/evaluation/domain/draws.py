"""The draw of a session's members, as draw.md's protocol: the system freezes the inputs and
writes the commitment to the audit chain; only then does the witness type their value; the
record (secret revealed) is stored and its hash written to the chain. zhicheng.draw computes."""

import datetime
import secrets

from django.db import transaction

from zhicheng.audit.domain import record
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import User
from zhicheng.draw import FORMAT, DrawFailed, canonical, commitment_of, compute, sha256_hex
from zhicheng.evaluation.domain.conflicts import detect_conflicts
from zhicheng.evaluation.domain.pool import secretariat_of
from zhicheng.evaluation.models import (
    DrawState,
    EvaluationSession,
    Expert,
    ExpertStatus,
    MemberDraw,
    Seat,
)

OUTSIDE = "区外"  # the city of an expert from outside Guangxi


def _session_for(actor: User, session_id: int, *, lock: bool = False):
    qs = EvaluationSession.objects.select_related("committee")
    if lock:
        qs = qs.select_for_update()
    session = qs.filter(pk=session_id).first()
    if session is None:
        raise NotFound()
    try:
        return session, secretariat_of(actor, session.committee_id)
    except (NotFound, Refused):
        raise NotFound() from None  # another committee's sessions are not shown at all


def frozen_inputs(session: EvaluationSession, day: datetime.date) -> dict:
    """draw.md's inputs: the committee's experts (not those out of the pool), the exclusions
    with their reasons, and the session's requirements."""
    experts = list(Expert.objects.filter(committee_id=session.committee_id)
                   .exclude(status=ExpertStatus.OUT).select_related("specialty", "city"))
    applicants_by_unit: dict[str, list[str]] = {}
    for d in session.declarations.select_related("unit", "applicant").order_by("pk"):
        applicants_by_unit.setdefault(d.unit.credit_code, []).append(
            d.applicant.real_name or d.applicant.username)
    pool, excluded = [], []
    for e in experts:
        pool.append({"id": e.code, "group": e.specialty.code, "unit": e.employer_code,
                     "city": e.city.code if e.city_id else OUTSIDE, "external": e.external})
        if e.status == ExpertStatus.SUSPENDED:
            excluded.append({"id": e.code, "reason": "suspended", "detail": "暂停参加评审"})
        elif not e.term_starts <= day <= e.term_ends:
            excluded.append({"id": e.code, "reason": "term_expired",
                             "detail": f"聘期 {e.term_starts:%Y-%m-%d} 至 {e.term_ends:%Y-%m-%d}"})
        elif e.employer_code in applicants_by_unit:
            names = "、".join(applicants_by_unit[e.employer_code])
            excluded.append({"id": e.code, "reason": "same_unit",
                             "detail": f"与申报人 {names} 同单位"})
    return {
        "pool": sorted(pool, key=lambda x: x["id"]),
        "excluded": sorted(excluded, key=lambda x: x["id"]),
        "requirements": {"size": session.size, "groups": dict(session.groups),
                         "max_per_unit": session.max_per_unit,
                         "min_external": session.min_external, "reserves": session.reserves},
    }


@transaction.atomic
def commit(*, actor: User, session_id: int) -> MemberDraw:
    """Steps 1–2: freeze the inputs, draw the server's secret, write the commitment."""
    session, acting = _session_for(actor, session_id, lock=True)
    existing = MemberDraw.objects.filter(session=session).first()
    if existing is not None and existing.state != DrawState.FAILED:
        raise Refused(f"本次会议的评委抽取{existing.get_state_display()}，不能重新冻结输入。",
                      code="already_committed")
    inputs = frozen_inputs(session, clock.today())
    secret = secrets.token_bytes(32).hex()
    fields = {"state": DrawState.COMMITTED, "inputs": inputs,
              "inputs_sha256": sha256_hex(canonical(inputs)),
              "commitment": commitment_of(secret), "server_secret": secret,
              "committed_at": clock.now(), "record": None, "record_sha256": "",
              "drawn_at": None, "failure": ""}
    if existing is None:
        draw = MemberDraw.objects.create(session=session, **fields)
    else:
        for k, v in fields.items():
            setattr(existing, k, v)
        existing.save()
        draw = existing
    # The commitment is in the chain before the witness types (draw.md step 2).
    record(actor=actor, action="evaluation.draw.commit", obj=draw, role=acting.role,
           scope=acting.scope_key,
           after={"session": session.code, "inputs_sha256": draw.inputs_sha256,
                  "commitment": draw.commitment, "pool": len(inputs["pool"]),
                  "excluded": len(inputs["excluded"])})
    return draw


@transaction.atomic
def draw_members(*, actor: User, session_id: int, witness: str) -> MemberDraw:
    """Steps 3–5: the witness's value, the seed, the selection; the record and its hash.
    A draw that cannot meet its requirements is recorded as failed, with the reason."""
    session, acting = _session_for(actor, session_id, lock=True)
    draw = MemberDraw.objects.filter(session=session).select_for_update().first()
    if draw is None or draw.state != DrawState.COMMITTED:
        raise Refused("请先冻结抽取输入并生成承诺值，再由监督人员输入其选定的数值（draw.md）。",
                      code="not_committed")
    witness = (witness or "").strip()
    if not 1 <= len(witness) <= 200:
        raise Refused("请监督人员输入1～200个字符（例如掷骰所得的数字）。", code="witness")
    try:
        result = compute({"format": FORMAT, "session": session.code, "inputs": draw.inputs,
                          "server_secret": draw.server_secret, "witness": witness})
    except DrawFailed as exc:
        draw.state, draw.failure = DrawState.FAILED, str(exc)[:500]
        draw.save(update_fields=["state", "failure"])
        record(actor=actor, action="evaluation.draw.failed", obj=draw, role=acting.role,
               scope=acting.scope_key,
               after={"session": session.code, "witness": witness,
                      "server_secret": draw.server_secret}, note=draw.failure)
        return draw
    draw.state, draw.record, draw.drawn_at = DrawState.DRAWN, result, clock.now()
    draw.record_sha256 = sha256_hex(canonical(result))
    draw.save(update_fields=["state", "record", "record_sha256", "drawn_at"])
    _seat(session, result["members"])
    record(actor=actor, action="evaluation.draw.record", obj=draw, role=acting.role,
           scope=acting.scope_key,
           after={"session": session.code, "record_sha256": draw.record_sha256,
                  "members": len(result["members"])})
    return draw


@transaction.atomic
def replace_member(*, actor: User, session_id: int, declined: str, reason: str) -> MemberDraw:
    """Step 8: a member declines; the first usable reserve of their group takes the seat."""
    session, acting = _session_for(actor, session_id, lock=True)
    draw = MemberDraw.objects.filter(session=session).select_for_update().first()
    if draw is None or draw.state != DrawState.DRAWN:
        raise Refused("本次会议尚未完成评委抽取。", code="not_drawn")
    reason = (reason or "").strip()
    if not reason:
        raise Refused("请写明委员不能参加的原因。", code="reason_required")
    rec = draw.record
    declines = [{"declined": r["declined"], "reason": r["reason"]} for r in rec["replacements"]]
    if declined not in current_members(draw):
        raise Refused(f"「{declined}」不是本次会议的现任委员。", code="not_member")
    try:
        result = compute({"format": FORMAT, "session": session.code, "inputs": draw.inputs,
                          "server_secret": draw.server_secret, "witness": rec["witness"],
                          "replacements": [*declines, {"declined": declined, "reason": reason}]})
    except DrawFailed as exc:
        raise Refused(str(exc), code="no_reserve") from None
    draw.record, draw.record_sha256 = result, sha256_hex(canonical(result))
    draw.save(update_fields=["record", "record_sha256"])
    last = result["replacements"][-1]
    gone = Seat.objects.get(session=session, expert__code=declined)
    gone.active, gone.declined_reason = False, reason[:200]
    gone.role, gone.group_leader = "member", False
    gone.save(update_fields=["active", "declined_reason", "role", "group_leader"])
    _seat(session, [last["replaced_by"]])
    if session.started_at is not None:  # a reserve joining a running session is checked too
        detect_conflicts(session)
    record(actor=actor, action="evaluation.draw.replace", obj=draw, role=acting.role,
           scope=acting.scope_key,
           after={"session": session.code, "record_sha256": draw.record_sha256, **last})
    return draw


def _seat(session: EvaluationSession, codes: list[str]) -> None:
    """The drawn members' seats (written with the record, in the same audited transaction)."""
    experts = {e.code: e for e in Expert.objects.filter(committee_id=session.committee_id,
                                                       code__in=codes)
               .select_related("specialty")}
    for code in codes:
        Seat.objects.create(session=session, expert=experts[code],
                            group=experts[code].specialty.code)


def current_members(draw: MemberDraw) -> list[str]:
    """Pool codes sitting now: the drawn members with each replacement applied."""
    rec = draw.record or {}
    members = list(rec.get("members", []))
    for r in rec.get("replacements", []):
        members[members.index(r["declined"])] = r["replaced_by"]
    return members
