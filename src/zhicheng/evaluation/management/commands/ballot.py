"""`zhicheng ballot export ROUND -o DIR`: write each Belenios election archive (.bel) of a
voting round, with a README.txt on how anyone verifies it with belenios-tool (issue 11
point 7). ROUND is the round's id. Exit 2 with one Chinese line for an unknown round."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from zhicheng.evaluation.ballot import engine
from zhicheng.evaluation.models import BallotRound

README = """第{number}轮无记名投票的公开档案（{session}，{state}）
========================================================

本目录中的每个 .bel 文件是一项 Belenios 选举的完整公开档案：选举参数、受托人公钥、
公开投票凭证、每张加密选票及其零知识证明、加密计票结果、受托人的部分解密和计票结果。
档案中没有任何委员的姓名，也没有任何一张选票的明文；私有投票凭证和受托人私钥都不在其中。

如何校验（需安装 Debian 软件包 belenios-tool，版本 2.0）：

    mkdir check && cp <选举编号>.bel check/
    belenios-tool election verify --dir=check

命令无输出、退出码为 0 即校验通过：每张选票的证明、加密计票结果及其解密都正确。
改动档案中的任何一个字节，校验都会失败。

列出选票的追踪码（委员投票后看到的 SHA-256），可据此确认自己的选票在清单中：

    belenios-tool election compute-ballot-summary --dir=check

各项选举（题目即申报人，选项为 同意 / 不同意 / 弃权）：
{elections}
"""


class Command(BaseCommand):
    help = "无记名投票：export 导出一个投票轮次的 Belenios 公开档案（可用 belenios-tool 校验）。"
    requires_system_checks: list = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["export"])
        parser.add_argument("round", help="投票轮次编号（BallotRound 的 id）")
        parser.add_argument("-o", "--output", required=True, help="写入的目录")

    def handle(self, *args, action: str, round: str, output: str, **options) -> None:
        rnd = (BallotRound.objects.filter(pk=int(round)).select_related("session").first()
               if round.isdigit() else None)
        if rnd is None:
            self.stderr.write(f"没有编号为 {round} 的投票轮次。")
            sys.exit(2)
        dest = Path(output)
        lines = []
        try:
            for e in rnd.elections.order_by("pk"):
                path = engine.export(Path(settings.BALLOT_ROOT) / e.directory, dest)
                lines.append(f"  {path.name}：{'、'.join(e.questions)}；有表决权委员 "
                             f"{len(e.voters)} 人"
                             + (f"；档案摘要 SHA-256 {e.archive_sha256}（已写入审计链）"
                                if e.archive_sha256 else ""))
                self.stdout.write(str(path))
        except (OSError, engine.Refused) as exc:
            self.stderr.write(f"导出失败：{exc}")
            sys.exit(1)
        (dest / "README.txt").write_text(README.format(
            number=rnd.number, session=rnd.session.name, state=rnd.get_state_display(),
            elections="\n".join(lines)), encoding="utf-8")
