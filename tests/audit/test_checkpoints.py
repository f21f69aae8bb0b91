import io
import stat

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from zhicheng.audit import domain, signing
from zhicheng.audit.hashing import checkpoint_message
from zhicheng.audit.models import AuditCheckpoint, AuditEvent

from .conftest import rewrite_chain

pytestmark = pytest.mark.django_db


def audit(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def key_fingerprint(path) -> str:
    return signing.fingerprint(signing.load_public(path.with_suffix(".pub")))


def add_events(actor, n: int) -> None:
    with transaction.atomic():
        for i in range(n):
            domain.record(actor=actor, action="extra", object_type="t", object_id=str(i))


def test_keygen_writes_a_private_key_only_the_owner_can_read(db, signing_key):
    code, out, _ = audit("keygen")
    pub = signing_key.with_suffix(".pub")
    assert code == 0
    assert out == (f"已生成签名私钥：{signing_key}（权限 0600）\n公钥：{pub}\n"
                   f"公钥指纹：{key_fingerprint(signing_key)}\n")
    assert stat.S_IMODE(signing_key.stat().st_mode) == 0o600
    assert stat.S_IMODE(pub.stat().st_mode) == 0o644
    assert signing.load_private(signing_key).public_key() == signing.load_public(pub)
    # No temporary file left behind.
    assert sorted(p.name for p in signing_key.parent.iterdir()) == [
        "audit-ed25519.pem", "audit-ed25519.pub"]


def test_keygen_refuses_to_overwrite_without_force(db, signing_key):
    audit("keygen")
    first = key_fingerprint(signing_key)
    with pytest.raises(CommandError, match="签名密钥已存在") as exc:
        audit("keygen")
    assert exc.value.returncode == 2
    assert key_fingerprint(signing_key) == first
    audit("keygen", "--force")
    assert key_fingerprint(signing_key) != first


def test_checkpoint_creates_the_key_and_signs_the_head(chain, signing_key):
    code, out, _ = audit("checkpoint")
    head = AuditEvent.objects.get(seq=5)
    assert code == 0
    pub = signing_key.with_suffix(".pub")
    assert out == (f"未找到签名密钥，已生成：{signing_key}（公钥 {pub}）\n"
                   f"已签署检查点 #1：第 5 号事件，链头 {head.hash}\n")
    cp = AuditCheckpoint.objects.get()
    assert (cp.number, cp.seq, cp.head_hash) == (1, 5, head.hash)
    assert cp.key_fingerprint == key_fingerprint(signing_key)
    public = signing.load_public(signing_key.with_suffix(".pub"))
    message = checkpoint_message(number=1, seq=5, head_hash=head.hash,
                                 key_fingerprint=cp.key_fingerprint, created_at=cp.created_at)
    assert signing.verify_signature(public, cp.signature, message)
    assert audit("verify") == (0, "审计链完整：5 条事件，1 个签名检查点\n", "")


def test_checkpoint_without_new_events_or_on_an_empty_chain(db, actor, signing_key):
    assert audit("checkpoint")[1].endswith("审计链为空，无需签署检查点。\n")
    add_events(actor, 2)
    audit("checkpoint")
    assert audit("checkpoint") == (
        0, "自检查点 #1（第 2 号事件）以来没有新事件，未签署新检查点。\n", "")
    add_events(actor, 1)
    assert audit("verify") == (0, "审计链完整：3 条事件，1 个签名检查点\n"
                                  "最近的检查点之后有 1 条事件尚未签名。\n", "")
    assert audit("checkpoint")[1].startswith("已签署检查点 #2：第 3 号事件")
    assert list(AuditCheckpoint.objects.values_list("number", "seq")) == [(1, 2), (2, 3)]


def test_rewritten_chain_is_caught_by_the_checkpoint(chain, attacker, signing_key):
    audit("checkpoint")
    rewrite_chain(2, "改写")
    assert audit("verify") == (1, "", "审计链已损坏：第 5 号事件（series.update）：与签名检查点 #1 "
                                      "不符：第 1～5 号事件中有记录被改写（哈希链被重算）\n")


def test_rewrite_is_narrowed_to_between_checkpoints(chain, actor, attacker, signing_key):
    audit("checkpoint")
    add_events(actor, 3)
    audit("checkpoint")
    rewrite_chain(7, "改写")
    assert audit("verify") == (1, "", "审计链已损坏：第 8 号事件（extra）：与签名检查点 #2 "
                                      "不符：第 6～8 号事件中有记录被改写（哈希链被重算）\n")


def test_forged_checkpoint_signature_fails(chain, attacker, signing_key):
    audit("checkpoint")
    rewrite_chain(2, "改写")
    # The attacker also moves the checkpoint onto the new head, but cannot re-sign it.
    attacker("UPDATE audit_auditcheckpoint SET head_hash = %s",
             [AuditEvent.objects.get(seq=5).hash])
    assert audit("verify") == (1, "", "审计链已损坏：第 5 号事件：签名检查点 #1 的签名无效"
                                      "（检查点被篡改）\n")


def test_checkpoint_signed_with_another_key_is_not_trusted(chain, signing_key, tmp_path):
    audit("checkpoint")
    other = tmp_path / "other" / "k.pem"
    signing.generate(other)
    fp = key_fingerprint(signing_key)
    assert audit("verify", "--public-key", str(other.with_suffix(".pub"))) == (
        1, "", f"审计链已损坏：第 5 号事件：签名检查点 #1 的签名密钥不受信任（指纹 {fp[:16]}…）\n")
    assert audit("verify", "--public-key", str(other.with_suffix(".pub")),
                 "--public-key", str(signing_key.with_suffix(".pub")))[0] == 0


def test_truncated_tail_after_a_checkpoint_fails(chain, attacker, signing_key):
    audit("checkpoint")
    attacker("DELETE FROM audit_auditevent WHERE seq >= 4")
    assert audit("verify") == (1, "", "审计链已损坏：第 4 号事件：签名检查点 #1 覆盖至第 5 号事件，"
                                      "但链只到第 3 号：尾部事件被删除\n")


def test_removed_checkpoint_fails(chain, actor, attacker, signing_key):
    audit("checkpoint")
    add_events(actor, 1)
    audit("checkpoint")
    attacker("DELETE FROM audit_auditcheckpoint WHERE number = 1")
    assert audit("verify") == (1, "", "审计链已损坏：第 6 号事件：签名检查点编号不连续：应为 #1，"
                                      "实为 #2（检查点被删除或插入）\n")


def test_checkpoint_refuses_to_sign_a_broken_chain(chain, actor, attacker, signing_key):
    audit("checkpoint")
    add_events(actor, 2)
    attacker("UPDATE audit_auditevent SET note = 'x' WHERE seq = 6")
    assert audit("checkpoint") == (1, "", "审计链已损坏，拒绝签署检查点：第 6 号事件（extra）："
                                          "哈希不符：事件内容被改动\n")
    assert AuditCheckpoint.objects.count() == 1


def test_verify_uses_the_public_key_beside_the_private_one(chain, signing_key):
    audit("checkpoint")
    signing_key.unlink()  # only the .pub is needed to verify
    assert audit("verify") == (0, "审计链完整：5 条事件，1 个签名检查点\n", "")


def test_verify_without_any_key_fails_when_checkpoints_exist(chain, signing_key):
    audit("checkpoint")
    signing_key.unlink()
    signing_key.with_suffix(".pub").unlink()
    with pytest.raises(CommandError, match="存在签名检查点，但找不到用于核验的公钥") as exc:
        audit("verify")
    assert exc.value.returncode == 2
