"""Signed checkpoints over the chain head."""

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.hashing import canonical_json, utc_text
from zhicheng.audit.locking import lock_chain
from zhicheng.audit.models import AuditCheckpoint, AuditEvent
from zhicheng.audit.signing import fingerprint

_DOMAIN = b"zhicheng-audit-checkpoint-v1\n"


class ChainBrokenError(RuntimeError):
    def __init__(self, report):
        super().__init__(str(report.problem))
        self.report = report


def checkpoint_message(*, number: int, seq: int, head_hash: str, key_fingerprint: str,
                       created_at: dt.datetime) -> bytes:
    """What is signed: every column of the checkpoint except the signature."""
    body = {"number": number, "seq": seq, "head_hash": head_hash,
            "key_fingerprint": key_fingerprint, "created_at": utc_text(created_at)}
    return _DOMAIN + canonical_json(body).encode()


def create_checkpoint(private_key: Ed25519PrivateKey) -> tuple[AuditCheckpoint | None, bool]:
    """Sign the current head: (checkpoint, created). (None, False) on an empty chain;
    (latest, False) when nothing was appended since the latest checkpoint.

    The events since the previous checkpoint are verified first, so a broken
    chain is never signed (ChainBrokenError).
    """
    from zhicheng.audit.verify import verify_chain  # verify imports this module

    with transaction.atomic():
        lock_chain()  # no append between reading the head and signing it
        last = AuditCheckpoint.objects.order_by("-number").first()
        report = verify_chain([private_key.public_key()], since=last.seq if last else 1)
        if not report.ok:
            raise ChainBrokenError(report)
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        if head is None:
            return None, False
        if last is not None and last.seq == head[0]:
            return last, False
        cp = AuditCheckpoint(
            number=(last.number if last else 0) + 1,
            seq=head[0],
            head_hash=head[1],
            key_fingerprint=fingerprint(private_key.public_key()),
            created_at=timezone.now(),
        )
        cp.signature = private_key.sign(checkpoint_message(
            number=cp.number, seq=cp.seq, head_hash=cp.head_hash,
            key_fingerprint=cp.key_fingerprint, created_at=cp.created_at,
        )).hex()
        cp.save()
        return cp, True
