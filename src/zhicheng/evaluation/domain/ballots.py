"""The secret ballot (无记名投票, §5.3.2; 人社部令第40号): Zhicheng's orchestration of the
Belenios engine (``evaluation.ballot.engine``).

What the server keeps, and what it never has
--------------------------------------------
* Trustees (≥ 3 named people, threshold 2) get their private keys once, in the response to
  :func:`open_round`; no copy is stored. One key per trustee per election: a trustee receives
  one *bundle* (JSON, every election of the round) and brings it back to :func:`decrypt`.
* Each present member's private credential is encrypted (RSA-OAEP, SHA-256) to the device key
  they checked in with and stored only so (``VoterSlot.sealed_credential``); the member's
  browser decrypts it, and posts it back only to cast. After a cast the sealed copy is
  dropped too. No tracker, ballot or choice is ever stored against a member.
* The plaintext choices and the credential live in this process's memory and in the engine's
  pipes to belenios-tool, never in a row, a file, a log line, a message or the session.

Rules (the policy set takes them over later; the article numbers are not yet checked
against the text of 人社部令第40号):
* quorum: present members ≥ ⌈2/3 × members⌉ — :func:`quorum_needed`;
* pass: 同意 ≥ ⌈2/3 × members present and entitled⌉ (inclusive: 17 of 25) —
  :func:`pass_needed`; recused members are not entitled to vote on that applicant.
"""

from __future__ import annotations

import base64
import binascii
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key
from django.conf import settings
from django.db import transaction
from django.db.models import Max

from zhicheng.audit.domain import record
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import User
from zhicheng.declarations.domain.workflow import perform
from zhicheng.declarations.models import Declaration, State
from zhicheng.evaluation.ballot import engine
from zhicheng.evaluation.domain.pool import secretariat_of
from zhicheng.evaluation.domain.seats import chair_seat, expert_assignment, member_seat
from zhicheng.evaluation.models import (
    BallotRound,
    Conflict,
    ConflictState,
    Election,
    EvaluationSession,
    RoundState,
    Seat,
    SeatRole,
    Trustee,
    TrusteeShare,
    Verdict,
    VoterSlot,
)
from zhicheng.policy import committee as committee_rules

CHOICES = engine.CHOICES
BUNDLE_FORMAT = "zhicheng-trustee-key/1"
UNSEALED = (RoundState.OPEN, RoundState.CLOSED, RoundState.TALLIED)


# ---------------------------------------------------------------------------- the two rules


def quorum_needed(session: EvaluationSession, members: int) -> int:
    """Members present before a round opens (the policy set's dated rule, 人社部令第40号)."""
    return committee_rules.quorum_needed(members, session.held_on)


def pass_needed(session: EvaluationSession, entitled: int) -> int:
    """同意 votes an applicant needs: ⌈2/3 × present and entitled⌉, inclusive — 17 of 25."""
    return committee_rules.pass_needed(entitled, session.held_on)


def quorum_basis(session: EvaluationSession) -> str:
    return committee_rules.basis("quorum_fraction", session.held_on)


def pass_basis(session: EvaluationSession) -> str:
    return "§5.3.2；" + committee_rules.basis("pass_fraction", session.held_on) + \
        "：同意票数达到出席评审会议且有表决权的委员的2/3以上（回避的委员不计）"


@dataclass(frozen=True)
class TrusteeKey:
    """A trustee's bundle of private keys for one round, handed out once, never stored."""

    position: int
    name: str
    capacity: str
    bundle: str  # JSON: {"format", "session", "round", "trustee", "keys": {uuid: key}}


# ---------------------------------------------------------------------------- who acts


def _root() -> Path:
    return Path(settings.BALLOT_ROOT)


def _session(session_id: int, *, lock: bool = False) -> EvaluationSession:
    qs = EvaluationSession.objects.select_related("committee")
    if lock:
        qs = qs.select_for_update()
    session = qs.filter(pk=session_id).first()
    if session is None:
        raise NotFound()
    return session


def _secretariat(actor: User, session: EvaluationSession):
    try:
        return secretariat_of(actor, session.committee_id)
    except (NotFound, Refused):
        raise NotFound() from None  # another committee's sessions are not shown at all


def _expert(actor: User, session: EvaluationSession):
    return expert_assignment(actor, session)


def _refused(exc: engine.Refused, code: str = "ballot_engine") -> Refused:
    # The tool's stderr (exc.detail) stays out of the message: it is for the operator only.
    return Refused(exc.message, code=code)


def _round(round_id: int, *, lock: bool = False) -> BallotRound:
    qs = BallotRound.objects.select_related("session", "session__committee")
    if lock:
        qs = qs.select_for_update()
    rnd = qs.filter(pk=round_id).first()
    if rnd is None:
        raise NotFound()
    return rnd


def _dir(election: Election) -> Path:
    return _root() / election.directory


# ---------------------------------------------------------------------------- before a round


@transaction.atomic
def name_trustees(*, actor: User, session_id: int, trustees: list[dict]) -> list[Trustee]:
    """The secretariat names the ≥ 3 people who split the decryption key (threshold 2), e.g.
    the chair, the supervising witness and an office representative; before the first round."""
    session = _session(session_id, lock=True)
    acting = _secretariat(actor, session)
    if BallotRound.objects.filter(session=session).exists():
        raise Refused("本次会议已开始投票，计票受托人不能再更改。", code="round_exists")
    rows = []
    for t in trustees:
        name = (t.get("name") or "").strip()
        capacity = (t.get("capacity") or "").strip()
        if not name and not capacity and not t.get("user_id"):
            continue  # an empty row of the form
        if not name or len(name) > 40:
            raise Refused("请填写每位受托人的姓名（不超过40字）。", code="trustee_name")
        if not capacity or len(capacity) > 60:
            raise Refused(f"请填写受托人「{name}」的身份（如主任委员、监督人员、职改办代表）。",
                          code="trustee_capacity")
        user_id = t.get("user_id") or None
        if user_id is not None and not User.objects.filter(pk=user_id).exists():
            raise Refused(f"受托人「{name}」的账号不存在。", code="trustee_user")
        rows.append((name, capacity, user_id))
    if len(rows) < engine.MIN_TRUSTEES:
        raise Refused(f"计票受托人至少 {engine.MIN_TRUSTEES} 人（门限 {engine.THRESHOLD}"
                      "人方可解密），例如主任委员、监督人员和职改办代表。", code="too_few")
    if len({r[0] for r in rows}) != len(rows):
        raise Refused("受托人须为不同的人，姓名不能重复。", code="trustee_twice")
    existing = {t.position: t for t in Trustee.objects.filter(session=session)}
    named = []
    for position, (name, capacity, user_id) in enumerate(rows, start=1):
        t = existing.pop(position, None) or Trustee(session=session, position=position)
        t.name, t.capacity, t.user_id = name, capacity, user_id
        t.save()
        named.append(t)
    for extra in existing.values():
        extra.delete()
    record(actor=actor, action="evaluation.ballot.trustees", obj=session, role=acting.role,
           scope=acting.scope_key,
           after={"session": session.code,
                  "trustees": [{"position": t.position, "name": t.name,
                                "capacity": t.capacity} for t in named]})
    return named


def _device_key(text: str) -> rsa.RSAPublicKey:
    try:
        key = load_der_public_key(base64.b64decode((text or "").strip(), validate=True))
    except (ValueError, binascii.Error, TypeError):
        raise Refused("签到设备公钥格式不正确，请在本人设备上重新打开签到页面。",
                      code="device_key") from None
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
        raise Refused("签到设备公钥须为 2048 位以上的 RSA 公钥，请使用支持 WebCrypto 的浏览器。",
                      code="device_key")
    return key


@transaction.atomic
def check_in(*, actor: User, session_id: int, device_key: str) -> Seat:
    """The member checks in (签到) on their own device with the device's public key."""
    session = _session(session_id)
    seat = member_seat(actor, session.pk)
    acting = _expert(actor, session)
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if session.ended_at is not None:
        raise Refused("评审会议已经结束，不能再签到。", code="ended")
    key = (device_key or "").strip()
    _device_key(key)
    if seat.device_key == key and seat.checked_in_at is not None:
        return seat  # the same device again (a double click, a reload)
    if seat.device_key and BallotRound.objects.filter(session=session,
                                                      state=RoundState.OPEN).exists():
        raise Refused("您已在另一设备签到，投票进行中不能更换设备：请使用签到时的设备投票"
                      "（每位委员每轮只能投一次，§5.3.2）。", code="other_device")
    first = seat.checked_in_at is None
    seat.checked_in_at = seat.checked_in_at or clock.now()
    seat.device_key = key
    seat.save(update_fields=["checked_in_at", "device_key"])
    record(actor=actor, action="evaluation.ballot.check_in", obj=seat, role=acting.role,
           scope=acting.scope_key,
           after={"session": session.code, "expert": seat.expert.code,
                  "device": "first" if first else "replaced"})
    return seat


def checked_in_seats(session: EvaluationSession) -> list[Seat]:
    """Who is present for a vote: checked in on their own device (absent members have no
    credential, §5.3.2)."""
    return list(Seat.objects.filter(session=session, active=True, checked_in_at__isnull=False)
                .select_related("expert").order_by("expert__code"))


def entitled_voters(session: EvaluationSession, declaration_id: int) -> set[str]:
    """Expert codes of the present active seats less those with a confirmed conflict."""
    recused = set(Conflict.objects.filter(session=session, declaration_id=declaration_id,
                                          state=ConflictState.CONFIRMED)
                  .values_list("expert__code", flat=True))
    return {s.expert.code for s in checked_in_seats(session)} - recused


def quorum(session: EvaluationSession) -> tuple[int, int, int]:
    """(present, members, needed): members are the session's active seats."""
    members = Seat.objects.filter(session=session, active=True).count()
    present = len(checked_in_seats(session))
    return present, members, quorum_needed(session, members)


def label(decl: Declaration) -> str:
    return f"{decl.applicant.real_name or decl.applicant.username}（申报编号 {decl.pk}）"


def _seal_to(device_key: str, secret: str) -> str:
    sealed = _device_key(device_key).encrypt(
        secret.encode(), padding.OAEP(mgf=padding.MGF1(hashes.SHA256()),
                                      algorithm=hashes.SHA256(), label=None))
    return base64.b64encode(sealed).decode()


# ---------------------------------------------------------------------------- the round


@transaction.atomic
def open_round(*, actor: User, session_id: int) -> tuple[BallotRound, list[TrusteeKey]]:
    """Open a round (a re-vote is a new round) for the declarations still under evaluation:
    one Belenios election per distinct list of entitled voters. Returns the trustees' keys
    once; nothing secret is stored."""
    session = _session(session_id, lock=True)
    acting = _secretariat(actor, session)
    if session.started_at is None or session.ended_at is not None:
        raise Refused("评审会议尚未开始（或已结束），不能开始投票（§5.3.2）。", code="not_started")
    if BallotRound.objects.filter(session=session, state__in=UNSEALED).exists():
        raise Refused("上一轮投票尚未封存，不能开始新一轮投票。", code="round_unsealed")
    trustees = list(Trustee.objects.filter(session=session).order_by("position"))
    if len(trustees) < engine.MIN_TRUSTEES:
        raise Refused(f"请先指定至少 {engine.MIN_TRUSTEES} 位计票受托人（门限 "
                      f"{engine.THRESHOLD}）再开始投票。", code="no_trustees")
    present, members, needed = quorum(session)
    if present < needed:
        raise Refused(f"到会委员 {present} 人，不足应到 {members} 人的三分之二（至少 {needed}"
                      f" 人），不能开始投票（{quorum_basis(session)}）。", code="no_quorum")
    decls = list(session.declarations.filter(state=State.UNDER_EVALUATION)
                 .select_related("applicant").order_by("pk"))
    if not decls:
        raise Refused("本次会议没有处于「评审中」的申报，无需投票。", code="nothing_to_vote")
    groups: dict[tuple[str, ...], list[Declaration]] = {}
    for d in decls:
        voters = tuple(sorted(entitled_voters(session, d.pk)))
        if not voters:
            raise Refused(f"到会委员均须回避「{label(d)}」，无法对其表决。", code="all_recused")
        groups.setdefault(voters, []).append(d)
    seats = {s.expert.code: s for s in checked_in_seats(session)}
    keyless = sorted(c for c, s in seats.items() if not s.device_key)
    if keyless:  # present by another record of attendance, but no device to vote on
        raise Refused(f"委员 {'、'.join(keyless)} 尚未在本人设备上签到（没有设备密钥），"
                      "请其先在「会议投票」中签到，再开始投票。", code="no_device_key")
    number = (BallotRound.objects.filter(session=session).aggregate(n=Max("number"))["n"]
              or 0) + 1
    now = clock.now()
    rnd = BallotRound.objects.create(session=session, number=number, state=RoundState.OPEN,
                                     present=sorted(seats), members=members,
                                     opened_by=actor, opened_at=now)
    keys: dict[int, dict[str, str]] = {t.position: {} for t in trustees}
    made: list[Path] = []
    audit = []
    try:
        for k, (voters, ds) in enumerate(groups.items(), start=1):
            rel = f"{session.code}/round-{number}/election-{k}"
            path = _root() / rel
            if path.exists() and not Election.objects.filter(directory=rel).exists():
                shutil.rmtree(path)  # left by an opening that was killed before it committed
            made.append(path)
            try:
                opened = engine.open_round(
                    path, name=f"{session.name} 第{number}轮投票（{k}）",
                    applicants=[label(d) for d in ds], voters=list(voters),
                    trustees=[t.name for t in trustees])
            except engine.Refused as exc:
                raise _refused(exc) from None
            election = Election.objects.create(
                round=rnd, uuid=opened.uuid, directory=rel, voters=list(voters),
                declarations=[d.pk for d in ds], questions=[label(d) for d in ds])
            for cred in opened.credentials:
                VoterSlot.objects.create(election=election, seat=seats[cred.voter],
                                         sealed_credential=_seal_to(
                                             seats[cred.voter].device_key,
                                             cred.private_credential))
            for tk in opened.trustee_keys:
                keys[tk.trustee_id][opened.uuid] = tk.private_key
            audit.append({"uuid": opened.uuid, "voters": len(voters),
                          "declarations": [d.pk for d in ds]})
    except BaseException:
        for path in made:  # no orphaned round directories when the opening fails
            shutil.rmtree(path, ignore_errors=True)
        raise
    record(actor=actor, action="evaluation.ballot.open", obj=rnd, role=acting.role,
           scope=acting.scope_key,
           after={"session": session.code, "round": number, "present": len(seats),
                  "members": members, "quorum": needed, "elections": audit,
                  "trustees": [t.name for t in trustees]})
    bundles = [TrusteeKey(t.position, t.name, t.capacity, json.dumps(
        {"format": BUNDLE_FORMAT, "session": session.code, "round": rnd.pk,
         "trustee": t.position, "name": t.name, "keys": keys[t.position]},
        ensure_ascii=False)) for t in trustees]
    return rnd, bundles


def sealed_credentials(*, actor: User, round_id: int) -> list[dict]:
    """The member's sealed credentials for the round, one per election they may vote in."""
    rnd = _round(round_id)
    seat = member_seat(actor, rnd.session_id)
    out = []
    slots = (VoterSlot.objects.filter(election__round=rnd, seat=seat)
             .select_related("election").order_by("election_id"))
    for slot in slots:
        e = slot.election
        out.append({"election": e.pk, "uuid": e.uuid, "voted": slot.voted_at is not None,
                    "sealed": slot.sealed_credential,
                    "questions": [{"declaration": d, "label": q}
                                  for d, q in zip(e.declarations, e.questions, strict=True)]})
    return out


ALREADY_USED = "该投票凭证已经投过票"


@transaction.atomic
def cast(*, actor: User, election_id: int, choices: dict[int, str],
         private_credential: str) -> str:
    """Record the member's ballot (built in memory by the engine); returns its tracker.

    Returns "" when this credential's ballot is already in the archive although the slot
    was not marked (the previous attempt died between the two): it counts once, and the slot
    is marked now."""
    election = Election.objects.select_related("round", "round__session").filter(
        pk=election_id).first()
    if election is None:
        raise NotFound()
    rnd = election.round
    seat = member_seat(actor, rnd.session_id)
    acting = _expert(actor, rnd.session)
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if not seat.present:
        raise Refused("您未签到（缺席），不能投票：缺席委员不投票，也不得委托或事后补投"
                      "（人社部令第40号）。", code="absent")
    slot = VoterSlot.objects.select_for_update().filter(election=election, seat=seat).first()
    if slot is None:
        raise Refused("您不在本项表决的有表决权委员名单中（签到晚于开始投票，或已确认回避"
                      "该申报人，§5.3.2）。", code="no_slot")
    if rnd.state != RoundState.OPEN:
        raise Refused("本轮投票已经结束，不再接受选票。", code="closed")
    if slot.voted_at is not None:
        raise Refused("您已投过票：每位委员每轮只能投一次（§5.3.2）。", code="voted")
    picks = {}
    for d, q in zip(election.declarations, election.questions, strict=True):
        choice = choices.get(d)
        if choice not in CHOICES:
            raise Refused(f"请对「{q}」选择“同意”“不同意”或“弃权”之一。", code="incomplete")
        picks[q] = choice
    if set(choices) - set(election.declarations):
        raise Refused("选票中有不属于本项表决的申报人。", code="foreign_choice")
    tracker = ""
    try:
        tracker = engine.cast(_dir(election), picks, private_credential or "")
    except engine.Refused as exc:
        if not exc.message.startswith(ALREADY_USED):
            raise _refused(exc, "cast") from None
    slot.voted_at = clock.now()
    slot.sealed_credential = ""  # handed out and used: the server keeps not even the sealed copy
    slot.save(update_fields=["voted_at", "sealed_credential"])
    # No tracker, ballot or choice here: only that this seat has voted in this election.
    record(actor=actor, action="evaluation.ballot.cast", obj=slot, role=acting.role,
           scope=acting.scope_key, after={"round": rnd.number, "election": election.uuid})
    return tracker


def progress(rnd: BallotRound) -> list[dict]:
    """Per election: voted / entitled (已投 n / m)."""
    rows = []
    for e in rnd.elections.all():
        slots = list(e.slots.all())
        rows.append({"election": e, "voted": sum(s.voted_at is not None for s in slots),
                     "slots": len(slots),
                     "shares": sorted(s.trustee.position
                                      for s in e.shares.select_related("trustee"))})
    return rows


@transaction.atomic
def close_round(*, actor: User, round_id: int) -> BallotRound:
    """End voting: each election's official encrypted tally (the only thing ever decrypted)."""
    rnd = _round(round_id, lock=True)
    acting = _secretariat(actor, rnd.session)
    if rnd.state != RoundState.OPEN:
        raise Refused(f"本轮投票{rnd.get_state_display()}，不能再结束投票。", code="not_open")
    elections = list(rnd.elections.all())
    for e in elections:
        if not e.slots.filter(voted_at__isnull=False).exists():
            raise Refused(f"「{'、'.join(e.questions)}」的表决尚无选票，不能结束投票。",
                          code="no_ballots")
    hashes_ = {}
    for e in elections:
        try:
            engine.close_round(_dir(e))
        except engine.Refused as exc:
            # A previous attempt closed this archive and then failed on another one.
            if exc.message != "本轮投票已经结束。":
                raise _refused(exc) from None
        hashes_[e.uuid] = engine.archive_sha256(_dir(e))
    rnd.state, rnd.closed_at = RoundState.CLOSED, clock.now()
    rnd.save(update_fields=["state", "closed_at"])
    record(actor=actor, action="evaluation.ballot.close", obj=rnd, role=acting.role,
           scope=acting.scope_key,
           after={"session": rnd.session.code, "round": rnd.number, "archives": hashes_,
                  "voted": {p["election"].uuid: p["voted"] for p in progress(rnd)}})
    return rnd


def _bundle_keys(text: str, rnd: BallotRound, position: int,
                 elections: list[Election]) -> dict[str, str]:
    text = (text or "").strip()
    if not text:
        raise Refused("请粘贴或上传本轮发给您的受托人私钥文件内容。", code="no_key")
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("format") == BUNDLE_FORMAT:
        if data.get("round") != rnd.pk:
            raise Refused("该私钥文件不属于本轮投票：请使用本轮开始时发给您的私钥文件。",
                          code="wrong_round")
        if data.get("trustee") != position:
            raise Refused("该私钥文件属于另一位受托人：每位受托人只能用本人的私钥解密。",
                          code="wrong_trustee")
        keys = data.get("keys") or {}
        if not isinstance(keys, dict) or set(keys) != {e.uuid for e in elections}:
            raise Refused("私钥文件不完整：须含本轮每一项表决的私钥。", code="bad_bundle")
        return {k: str(v) for k, v in keys.items()}
    if len(elections) == 1:
        return {elections[0].uuid: text}  # a bare key of a one-election round
    raise Refused("私钥文件格式不正确：请上传本轮开始时下载的受托人私钥文件（.json）。",
                  code="bad_bundle")


@transaction.atomic
def decrypt(*, actor: User, round_id: int, trustee_position: int, private_key: str) -> None:
    """A trustee's partial decryption of every election's official tally in the round. On
    the operator's screen (the secretariat) or from the trustee's own account."""
    rnd = _round(round_id, lock=True)
    trustee = Trustee.objects.filter(session=rnd.session, position=trustee_position).first()
    is_trustee = trustee is not None and trustee.user_id is not None \
        and trustee.user_id == actor.pk
    if is_trustee:
        role, scope = "trustee", f"session:{rnd.session.code}"
    else:
        acting = _secretariat(actor, rnd.session)
        role, scope = acting.role, acting.scope_key
        if trustee is None:
            raise NotFound()
    if rnd.state != RoundState.CLOSED:
        raise Refused(f"本轮投票{rnd.get_state_display()}，现在不能解密（须在投票结束后、"
                      "计票前）。", code="not_closed")
    elections = list(rnd.elections.all())
    keys = _bundle_keys(private_key, rnd, trustee.position, elections)
    done = []
    for e in elections:
        if TrusteeShare.objects.filter(election=e, trustee=trustee).exists():
            continue
        try:
            engine.partial_decrypt(_dir(e), trustee.position, keys[e.uuid])
        except engine.Refused as exc:
            # Recorded in the archive by an attempt that then failed on another election.
            if exc.message != "您已提交过本轮的解密份额。":
                raise _refused(exc, "wrong_key") from None
        TrusteeShare.objects.create(election=e, trustee=trustee, recorded_at=clock.now())
        done.append(e.uuid)
    if not done:
        raise Refused(f"受托人「{trustee.name}」已提交过本轮的解密份额。", code="decrypted")
    record(actor=actor, action="evaluation.ballot.decrypt", obj=rnd, role=role, scope=scope,
           after={"session": rnd.session.code, "round": rnd.number,
                  "trustee": trustee.position, "name": trustee.name, "elections": done})


@transaction.atomic
def tally(*, actor: User, round_id: int) -> BallotRound:
    """Combine ≥ 2 trustees' shares into each election's result (verified before stored)."""
    rnd = _round(round_id, lock=True)
    acting = _secretariat(actor, rnd.session)
    if rnd.state != RoundState.CLOSED:
        raise Refused(f"本轮投票{rnd.get_state_display()}，不能计票。", code="not_closed")
    elections = list(rnd.elections.all())
    for e in elections:
        n = e.shares.count()
        if n < engine.THRESHOLD:
            raise Refused(f"已有 {n} 位受托人解密，至少需要 {engine.THRESHOLD} 位才能计票。",
                          code="too_few_shares")
    out = {}
    for e in elections:
        try:
            try:
                result = engine.result(_dir(e))  # already counted by an attempt that then died
            except engine.Refused:
                result = engine.compute_result(_dir(e))
        except engine.Refused as exc:
            raise _refused(exc) from None
        e.tally = {str(d): result.counts[q]
                   for d, q in zip(e.declarations, e.questions, strict=True)}
        e.ballots = result.ballots
        e.archive_sha256 = engine.archive_sha256(_dir(e))
        e.save(update_fields=["tally", "ballots", "archive_sha256"])
        out[e.uuid] = {"tally": e.tally, "ballots": e.ballots, "archive": e.archive_sha256}
    rnd.state = RoundState.TALLIED
    rnd.save(update_fields=["state"])
    record(actor=actor, action="evaluation.ballot.tally", obj=rnd, role=acting.role,
           scope=acting.scope_key,
           after={"session": rnd.session.code, "round": rnd.number, "elections": out})
    return rnd


def outcomes(rnd: BallotRound) -> list[dict]:
    """What sealing would record, per applicant (for the chair's page and for seal)."""
    rows = []
    decls = {d.pk: d for d in Declaration.objects.filter(
        pk__in=[d for e in rnd.elections.all() for d in e.declarations])
        .select_related("applicant")}
    for e in rnd.elections.all():
        for d, q in zip(e.declarations, e.questions, strict=True):
            counts = (e.tally or {}).get(str(d), {})
            entitled = len(e.voters)
            needed = pass_needed(rnd.session, entitled)
            agree = counts.get("同意", 0)
            rows.append({"declaration": decls[d], "label": q, "election": e,
                         "agree": agree, "disagree": counts.get("不同意", 0),
                         "abstain": counts.get("弃权", 0), "entitled": entitled,
                         "needed": needed, "passed": agree >= needed})
    return rows


@transaction.atomic
def seal(*, actor: User, round_id: int) -> BallotRound:
    """The chair seals the tallied round: a Verdict per applicant, ONE audit event with the
    tallies, archive hashes and trustees, then record_pass / record_fail as the chair."""
    rnd = _round(round_id, lock=True)
    seat = chair_seat(actor, rnd.session_id, what="确认并封存计票结果")
    acting = _expert(actor, rnd.session)
    if rnd.state != RoundState.TALLIED:
        if rnd.state == RoundState.SEALED:
            raise Refused("本轮计票结果已经封存。", code="sealed")
        raise Refused("受托人解密并计票后，主任委员才能确认封存。", code="not_tallied")
    rows = outcomes(rnd)
    for r in rows:
        Verdict.objects.create(round=rnd, declaration=r["declaration"], agree=r["agree"],
                               disagree=r["disagree"], abstain=r["abstain"],
                               entitled=r["entitled"], needed=r["needed"],
                               passed=r["passed"], basis=pass_basis(rnd.session))
    trustees = sorted({(s.trustee.position, s.trustee.name) for s in TrusteeShare.objects
                       .filter(election__round=rnd).select_related("trustee")})
    rnd.state, rnd.sealed_by, rnd.sealed_at = RoundState.SEALED, actor, clock.now()
    rnd.save(update_fields=["state", "sealed_by", "sealed_at"])
    record(actor=actor, action="evaluation.ballot.seal", obj=rnd, role=acting.role,
           scope=acting.scope_key, note=pass_basis(rnd.session),
           after={"session": rnd.session.code, "round": rnd.number,
                  "chair": seat.expert.code,
                  "verdicts": [{"declaration": r["declaration"].pk, "agree": r["agree"],
                                "disagree": r["disagree"], "abstain": r["abstain"],
                                "entitled": r["entitled"], "needed": r["needed"],
                                "passed": r["passed"]} for r in rows],
                  "archives": {e.uuid: e.archive_sha256 for e in rnd.elections.all()},
                  "trustees": [{"position": p, "name": n} for p, n in trustees]})
    for r in rows:
        perform("record_pass" if r["passed"] else "record_fail", r["declaration"].pk,
                actor=_recorder(actor, rnd.session, r["declaration"].pk))
    return rnd


def _recorder(chair: User, session: EvaluationSession, declaration_id: int) -> User:
    """Who performs record_pass / record_fail: the chair; for an applicant the chair is
    recused from (their expert area excludes it), the first vice-chair who is not."""
    recused = set(Conflict.objects.filter(session=session, declaration_id=declaration_id,
                                          state=ConflictState.CONFIRMED)
                  .values_list("expert__user_id", flat=True))
    if chair.pk not in recused:
        return chair
    vice = (Seat.objects.filter(session=session, active=True, role=SeatRole.VICE_CHAIR)
            .exclude(expert__user_id__in=recused).select_related("expert__user")
            .order_by("expert__code").first())
    if vice is None:
        raise Refused("主任委员须回避该申报人，且没有不须回避的副主任委员代为记录评审结论"
                      "（§5.3.2）。", code="chair_recused")
    return vice.expert.user
