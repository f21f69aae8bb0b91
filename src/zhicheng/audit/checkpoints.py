"""Signed checkpoints over the chain head."""

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.hashing import checkpoint_message
from zhicheng.audit.locking import lock_chain
from zhicheng.audit.models import AuditCheckpoint, AuditEvent
from zhicheng.audit.signing import fingerprint
from zhicheng.audit.verify import verify_chain


class ChainBrokenError(RuntimeError):
    def __init__(self, report):
        super().__init__(str(report.problem))
        self.report = report


def create_checkpoint(private_key: Ed25519PrivateKey) -> tuple[AuditCheckpoint | None, bool]:
    """Sign the current head: (checkpoint, created). (None, False) on an empty chain;
    (latest, False) when nothing was appended since the latest checkpoint.

    The events since the previous checkpoint are verified first, so a broken
    chain is never signed (ChainBrokenError).
    """
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
