"""The demo committee's evaluation (issue 11): two sessions of 工程系列高级评审委员会, each
drawn from the pool with a witness. The first is complete — reviewed by its groups,
deliberated, voted by secret ballot with real Belenios ballots cast by the demo experts on
their (simulated) devices, decrypted by two of its three trustees, sealed by the chair, its
record made; the second is under way, waiting for its members' opinions and check-in, so the
secretariat, the experts and the chair each find work after `make run`."""

import base64
import datetime
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from zhicheng.core.models import Committee, User
from zhicheng.evaluation.domain import ballots, draws, group_review, meeting, records, sessions
from zhicheng.evaluation.domain import seats as seats_mod
from zhicheng.evaluation.models import EvaluationSession, Seat

D = datetime.date
SECRETARIAT = "demo_secretariat"
CHAIR = "demo_expert"
OFFICE_REP = "demo_series_office"
WITNESS = ("韦建新", "自治区人力资源社会保障厅驻厅纪检监察组")


@dataclass(frozen=True)
class SessionPlan:
    code: str
    name: str
    held_on: D
    groups: dict[str, int]
    witness_value: str


COMPLETED = SessionPlan("eng-senior-2017-1", "2017年度工程系列高级评审委员会第一次评审会议",
                        D(2017, 9, 20), {"building": 3, "road_bridge": 2}, "4-1-6-2-5")
OPEN = SessionPlan("eng-senior-2017-2", "2017年度工程系列高级评审委员会第二次评审会议",
                   D(2017, 10, 18), {"building": 3, "electrical": 1, "mechanical": 1}, "2-6-3-3-1")


PLANS = {p.code: p for p in (COMPLETED, OPEN)}


def plan_for(state: str) -> SessionPlan:
    """The open session evaluates what is still under evaluation; the completed one the
    rest."""
    return OPEN if state == "under_evaluation" else COMPLETED


@dataclass
class Devices:
    """The demo members' devices: each holds its own RSA key (as the browser's WebCrypto
    key would be), never the server."""

    keys: dict[str, rsa.RSAPrivateKey]

    def public(self, username: str) -> str:
        key = self.keys.setdefault(username, rsa.generate_private_key(public_exponent=65537,
                                                                      key_size=2048))
        der = key.public_key().public_bytes(serialization.Encoding.DER,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
        return base64.b64encode(der).decode()

    def open(self, username: str, sealed: str) -> str:
        return self.keys[username].decrypt(
            base64.b64decode(sealed),
            padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(),
                         label=None)).decode()


class Evaluation:
    """What the demo's evaluation steps share while the year is written."""

    def __init__(self, committee: Committee) -> None:
        self.committee = committee
        self.sessions: dict[str, int] = {}
        self.devices = Devices({})

    # The chair's account is made with the pool (demo.pool), after the year has begun.
    @property
    def secretariat(self) -> User:
        return User.objects.get(username=SECRETARIAT)

    @property
    def chair(self) -> User:
        return User.objects.get(username=CHAIR)

    @property
    def office_rep(self) -> User:
        return User.objects.get(username=OFFICE_REP)

    def session(self, plan: SessionPlan) -> EvaluationSession:
        return EvaluationSession.objects.get(pk=self.sessions[plan.code])

    def seats(self, plan: SessionPlan) -> list[Seat]:
        return list(Seat.objects.filter(session_id=self.sessions[plan.code], active=True)
                    .select_related("expert__user").order_by("group", "expert__code"))

    # ---- steps: each gets the declarations of the samples taking the step that day

    def make_sessions(self, decls: dict[str, list]) -> None:
        """Created, drawn in the witness's presence, chair and leaders appointed, trustees
        named (§5.3, draw.md)."""
        for plan in (COMPLETED, OPEN):
            members = decls.get(plan.code)
            if not members:
                continue
            s = sessions.create_session(
                actor=self.secretariat, committee_id=self.committee.pk, code=plan.code,
                name=plan.name, held_on=plan.held_on, witness_name=WITNESS[0],
                witness_org=WITNESS[1], groups=plan.groups,
                declaration_ids=[d.pk for d in members], reserves=1)
            self.sessions[plan.code] = s.pk
            draws.commit(actor=self.secretariat, session_id=s.pk)
            draws.draw_members(actor=self.secretariat, session_id=s.pk,
                               witness=plan.witness_value)
            seats = self.seats(plan)
            chair = next(x for x in seats if x.expert.user_id == self.chair.pk)
            leaders: dict[str, str] = {}
            for x in seats:
                if x.pk != chair.pk:
                    leaders.setdefault(x.group, x.expert.code)
            leaders.setdefault(chair.group, chair.expert.code)
            vice = next(x for x in seats if x.pk != chair.pk)
            meeting.appoint(actor=self.secretariat, session_id=s.pk, chair=chair.expert.code,
                            vice_chairs=[vice.expert.code], leaders=leaders)
            ballots.name_trustees(actor=self.secretariat, session_id=s.pk, trustees=[
                {"name": self.chair.real_name, "capacity": "主任委员", "user_id": self.chair.pk},
                {"name": WITNESS[0], "capacity": "监督人员", "user_id": None},
                {"name": self.office_rep.real_name, "capacity": "职改办代表",
                 "user_id": self.office_rep.pk}])

    def start(self, code: str) -> None:
        plan = PLANS[code]
        meeting.start_session(actor=self.secretariat, session_id=self.sessions[plan.code])

    def review(self, code: str, failing: set[int]) -> None:
        """Members check in; each group's members give their opinions, the leader reports,
        the chair records the collective deliberation (§5.3.2)."""
        plan = PLANS[code]
        session = self.session(plan)
        seats = self.seats(plan)
        for x in seats:
            ballots.check_in(actor=x.expert.user, session_id=session.pk,
                             device_key=self.devices.public(x.expert.user.username))
        for decl in session.declarations.order_by("pk"):
            fails = decl.pk in failing
            group = seats_mod.group_of(session, decl)
            for x in seats:
                if x.group == group:
                    group_review.record_opinion(
                        actor=x.expert.user, session_id=session.pk, declaration_id=decl.pk,
                        recommend=not fails,
                        remark="业绩与论文不足以支撑高级工程师水平。" if fails else
                        "业绩突出，主持项目达到高级工程师水平。")
            leader = next(x for x in seats if x.group == group and x.group_leader)
            group_review.record_group_report(
                actor=leader.expert.user, session_id=session.pk, declaration_id=decl.pk,
                recommend=not fails,
                summary="小组评议不推荐：代表性业绩的技术难度和本人作用不足。" if fails else
                "小组评议推荐：任职以来主持完成的工程设计项目质量优良，同意提交评委会表决。")
            group_review.record_deliberation(
                actor=self.chair, session_id=session.pk, declaration_id=decl.pk,
                notes="听取专业组汇报后，委员就其业绩真实性和技术水平进行了讨论。")

    def vote(self, code: str, failing: set[int]) -> None:
        """One round: real Belenios ballots cast from the members' devices, two of the three
        trustees decrypt, the chair seals — which records 评审通过 / 评审未通过."""
        plan = PLANS[code]
        session = self.session(plan)
        rnd, keys = ballots.open_round(actor=self.secretariat, session_id=session.pk)
        for x in self.seats(plan):
            user = x.expert.user
            for item in ballots.sealed_credentials(actor=user, round_id=rnd.pk):
                choices = {q["declaration"]: ("不同意" if q["declaration"] in failing
                                              else "同意") for q in item["questions"]}
                ballots.cast(actor=user, election_id=item["election"], choices=choices,
                             private_credential=self.devices.open(user.username,
                                                                  item["sealed"]))
        ballots.close_round(actor=self.secretariat, round_id=rnd.pk)
        for k in keys:
            if k.position in (1, 3):  # the chair and the office's representative
                ballots.decrypt(actor=self.secretariat, round_id=rnd.pk,
                                trustee_position=k.position, private_key=k.bundle)
        ballots.tally(actor=self.secretariat, round_id=rnd.pk)
        ballots.seal(actor=self.chair, round_id=rnd.pk)

    def close(self, code: str) -> None:
        plan = PLANS[code]
        meeting.end_session(actor=self.secretariat, session_id=self.sessions[plan.code])
        records.make_record(actor=self.secretariat, session_id=self.sessions[plan.code])
