"""`zhicheng draw compute|verify` (draw.md): pure, exit codes 0/1/2, one Chinese line."""

import json
import os
import subprocess
import sys
from pathlib import Path

from draw.test_core import draw_input

BIN = Path(sys.executable).parent / "zhicheng"
# No database may be touched: point the settings at one that does not exist.
ENV = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
       "DJANGO_SETTINGS_MODULE": "zhicheng.settings"}


def run(*args, stdin=None):
    p = subprocess.run([str(BIN), "draw", *args], env=ENV, capture_output=True, text=True,
                       input=stdin)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def test_compute_then_verify(tmp_path):
    src = tmp_path / "input.json"
    src.write_text(json.dumps(draw_input(), ensure_ascii=False), encoding="utf-8")
    code, out, err = run("compute", str(src))
    assert (code, err) == (0, "")
    record = json.loads(out)
    assert len(record["members"]) == 25 and record["format"] == "zhicheng-draw/1"
    rec = tmp_path / "record.json"
    rec.write_text(out, encoding="utf-8")
    assert run("verify", str(rec)) == (0, "抽取记录复核一致：承诺值、输入摘要、种子、25 名委员、"
                                          "6 名候补及 0 次替换均可由记录重新推出。", "")
    record["members"][0], record["members"][1] = record["members"][1], record["members"][0]
    code, out, err = run("verify", "-", stdin=json.dumps(record, ensure_ascii=False))
    assert (code, out) == (1, "")
    assert err.startswith("委员不符：第 1 位应为「") and "\n" not in err


def test_invalid_input_is_exit_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert run("verify", str(bad)) == (
        2, "", f"输入无效：文件 {bad} 不是有效的 JSON（第 1 行第 2 列）")
    data = draw_input()
    del data["witness"]
    code, out, err = run("compute", "-", stdin=json.dumps(data))
    assert (code, out, err) == (2, "", "输入无效：字段 witness：应为 1～200 个字符的文本")


def test_a_draw_that_cannot_meet_its_requirements_is_exit_1(tmp_path):
    data = draw_input(max_per_unit=1)
    code, out, err = run("compute", "-", stdin=json.dumps(data, ensure_ascii=False))
    assert (code, out) == (1, "")
    assert err.startswith("抽取未能完成：专业组「") and "Traceback" not in err
