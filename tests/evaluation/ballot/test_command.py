"""`zhicheng ballot export ROUND -o DIR`: the .bel archives and a README; belenios-tool
verifies the export and fails when one byte of it is changed; unknown round: exit 2."""

import hashlib
import shutil
import subprocess

import pytest
from ballot_world import needs_tool, run_round
from django.core.management import call_command

pytestmark = pytest.mark.django_db

A, D = "同意", "不同意"


def verify(directory):
    return subprocess.run(["belenios-tool", "election", "verify", f"--dir={directory}"],
                          capture_output=True, text=True, check=False)


@needs_tool
@pytest.mark.slow
def test_export_verifies_and_one_byte_breaks_it(world, tmp_path, capsys):
    rnd, _, _ = run_round(world, [(A, D), (A, A), (D, A)], present=(0, 1, 2))
    out = tmp_path / "export"
    call_command("ballot", "export", str(rnd.pk), "-o", str(out))
    (election,) = rnd.elections.all()
    bel = out / f"{election.uuid}.bel"
    assert capsys.readouterr().out.strip() == str(bel)
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert "belenios-tool election verify" in readme and election.archive_sha256 in readme
    assert verify(out).returncode == 0
    assert hashlib.sha256(bel.read_bytes()).hexdigest() == election.archive_sha256

    bad = tmp_path / "bad"
    bad.mkdir()
    shutil.copy(bel, bad / bel.name)
    raw = bytearray((bad / bel.name).read_bytes())
    at = raw.index(b'"alpha":"') + len(b'"alpha":"') + 5
    raw[at] = ord("1") if raw[at] != ord("1") else ord("2")
    (bad / bel.name).write_bytes(bytes(raw))
    assert verify(bad).returncode != 0


def test_unknown_round_exits_2_with_one_line(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("ballot", "export", "999999", "-o", str(tmp_path / "x"))
    assert exc.value.code == 2
    assert capsys.readouterr().err.strip() == "没有编号为 999999 的投票轮次。"
    with pytest.raises(SystemExit) as exc:
        call_command("ballot", "export", "abc", "-o", str(tmp_path / "x"))
    assert exc.value.code == 2
    assert not (tmp_path / "x").exists()
