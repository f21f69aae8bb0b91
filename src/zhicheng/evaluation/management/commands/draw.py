"""`zhicheng draw compute INPUT.json` and `zhicheng draw verify RECORD.json` (draw.md).

compute is pure (no database): inputs, secret and witness in, the record out on stdout.
verify re-derives a record: exit 0 and one Chinese line when it matches, 1 naming the first
thing that does not, 2 for a file that is not valid input (one line naming the field).
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from zhicheng.draw import DrawFailed, InvalidInput, compute, verify


def _read(path: str):
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"无法读取文件 {path}：{exc.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"文件 {path} 不是 UTF-8 编码的文本") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"文件 {path} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）"
                           ) from None


class Command(BaseCommand):
    help = "评委抽取：compute 由输入计算抽取记录；verify 复核抽取记录（格式见 draw.md）。"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["compute", "verify"])
        parser.add_argument("path", help="JSON 文件；- 表示标准输入")

    def handle(self, *args, action: str, path: str, **options) -> None:
        try:
            obj = _read(path)
            if action == "compute":
                record = compute(obj)
                self.stdout.write(json.dumps(record, ensure_ascii=False, indent=2))
                return
            ok, line = verify(obj)
        except InvalidInput as exc:
            self.stderr.write(f"输入无效：{exc}")
            sys.exit(2)
        except DrawFailed as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        (self.stdout if ok else self.stderr).write(line)
        if not ok:
            sys.exit(1)
