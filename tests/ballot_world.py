"""Helpers of the ballot orchestration tests: a member's device and a small session."""


import base64
from dataclasses import dataclass, field

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from zhicheng.evaluation.ballot import engine

needs_tool = pytest.mark.skipif(
    engine.tool_path() is None,
    reason="belenios-tool 未安装（Debian 软件包 belenios-tool；CI 由 .ci/run 安装）")


class Device:
    """A member's browser: an RSA-OAEP key pair whose private half never leaves it."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.public = base64.b64encode(self.key.public_key().public_bytes(
            serialization.Encoding.DER,
            serialization.PublicFormat.SubjectPublicKeyInfo)).decode()

    def open(self, sealed: str) -> str:
        return self.key.decrypt(base64.b64decode(sealed), padding.OAEP(
            mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)).decode()


@dataclass
class World:
    committee: object
    secretariat: object
    session: object
    decls: list
    experts: list
    chair: object  # the chair's user
    trustee_user: object
    devices: dict = field(default_factory=dict)  # expert code → Device

    def user(self, i):
        return self.experts[i].user

    def check_in(self, *indexes):
        from zhicheng.evaluation.domain import ballots

        for i in indexes:
            e = self.experts[i]
            dev = self.devices.setdefault(e.code, Device())
            ballots.check_in(actor=e.user, session_id=self.session.pk, device_key=dev.public)

    def credentials(self, i, round_id):
        """What member i's device decrypts: {election id: private credential}."""
        from zhicheng.evaluation.domain import ballots

        dev = self.devices[self.experts[i].code]
        return {c["election"]: dev.open(c["sealed"]) for c in
                ballots.sealed_credentials(actor=self.user(i), round_id=round_id)
                if not c["voted"]}

    def vote(self, i, round_id, picks):
        """Member i votes `picks` (declaration index → choice) in every election they hold."""
        from zhicheng.evaluation.domain import ballots
        from zhicheng.evaluation.models import Election

        trackers = []
        for election_id, cred in self.credentials(i, round_id).items():
            e = Election.objects.get(pk=election_id)
            choices = {d: picks[self.decl_index(d)] for d in e.declarations}
            trackers.append(ballots.cast(actor=self.user(i), election_id=election_id,
                                         choices=choices, private_credential=cred))
        return trackers

    def decl_index(self, pk):
        return [d.pk for d in self.decls].index(pk)




def run_round(w, picks, *, present=(0, 1, 2, 3), decrypt=(1, 3)):
    """A whole round up to TALLIED: members `present` check in and vote picks[i]."""
    from zhicheng.evaluation.domain import ballots

    w.check_in(*present)
    rnd, keys = ballots.open_round(actor=w.secretariat, session_id=w.session.pk)
    trackers = [t for n, i in enumerate(present) for t in w.vote(i, rnd.pk, picks[n])]
    ballots.close_round(actor=w.secretariat, round_id=rnd.pk)
    bundles = {k.position: k.bundle for k in keys}
    for p in decrypt:
        ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=p,
                        private_key=bundles[p])
    return ballots.tally(actor=w.secretariat, round_id=rnd.pk), bundles, trackers
