"""zhicheng audit keygen | checkpoint | verify"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhicheng.audit import signing
from zhicheng.audit.checkpoints import ChainBrokenError, create_checkpoint
from zhicheng.audit.verify import verify_chain


class Command(BaseCommand):
    help = "审计链：生成签名密钥（keygen）、签署检查点（checkpoint）、核验（verify）。"
    # Needs only the database: a cron job or an auditor must not fail on unrelated checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, title="子命令")
        keygen = sub.add_parser("keygen",
                                help="生成 Ed25519 签名密钥（路径见 AUDIT_SIGNING_KEY_PATH）")
        keygen.add_argument("--force", action="store_true", help="覆盖已有密钥")
        sub.add_parser("checkpoint", help="签署当前链头（缺少密钥时自动生成）")
        verify = sub.add_parser("verify", help="重新计算哈希链并核验签名检查点")
        verify.add_argument("--public-key", action="append", type=Path, dest="public_keys",
                            metavar="PATH", help="用于核验的公钥 PEM（可多次指定）")

    def handle(self, *args, subcommand: str, **options):
        try:
            getattr(self, f"_{subcommand}")(**options)
        except signing.SigningKeyError as exc:
            raise CommandError(str(exc), returncode=2) from None

    def _keygen(self, *, force: bool, **_):
        path = signing.private_key_path()
        key = signing.generate(path, force=force)
        self.stdout.write(f"已生成签名私钥：{path}（权限 0600）")
        self.stdout.write(f"公钥：{signing.public_key_path(path)}")
        self.stdout.write(f"公钥指纹：{signing.fingerprint(key.public_key())}")

    def _checkpoint(self, **_):
        path = signing.private_key_path()
        if path.exists():
            key = signing.load_private(path)
        else:
            key = signing.generate(path)
            self.stdout.write(
                f"未找到签名密钥，已生成：{path}（公钥 {signing.public_key_path(path)}）")
        try:
            cp, created = create_checkpoint(key)
        except ChainBrokenError as exc:
            self._broken(f"审计链已损坏，拒绝签署检查点：{exc}")
        if cp is None:
            self.stdout.write("审计链为空，无需签署检查点。")
        elif not created:
            self.stdout.write(f"自检查点 #{cp.number}（第 {cp.seq} 号事件）以来没有新事件，"
                              "未签署新检查点。")
        else:
            self.stdout.write(f"已签署检查点 #{cp.number}：第 {cp.seq} 号事件，链头 {cp.head_hash}")

    def _verify(self, *, public_keys: list[Path] | None, **_):
        report = verify_chain(signing.trusted_public_keys(public_keys))
        if not report.ok:
            self._broken(f"审计链已损坏：{report.problem}")
        self.stdout.write(report.summary)
        if report.unsigned and report.checkpoints:
            self.stdout.write(f"最近的检查点之后有 {report.unsigned} 条事件尚未签名。")

    def _broken(self, message: str):
        self.stderr.write(message)
        sys.exit(1)
