"""Where the engine finds belenios-tool, and `make run`'s unpacking of the Debian package."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zhicheng.evaluation.ballot import engine

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "ensure-belenios"


def _exe(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\necho 2.0\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def venv(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    return tmp_path


def test_path_comes_first(venv, tmp_path, monkeypatch) -> None:
    on_path = _exe(tmp_path / "sys" / "belenios-tool")
    _exe(venv / "bin" / "belenios-tool")
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert engine.tool_path() == str(on_path)


def test_then_the_venv_bin_wrapper(venv) -> None:
    wrapper = _exe(venv / "bin" / "belenios-tool")
    _exe(venv / "belenios" / "usr" / "bin" / "belenios-tool")
    assert engine.tool_path() == str(wrapper)


def test_then_the_unpacked_package(venv) -> None:
    unpacked = _exe(venv / "belenios" / "usr" / "bin" / "belenios-tool")
    assert engine.tool_path() == str(unpacked)


def test_not_executable_does_not_count(venv) -> None:
    (venv / "bin").mkdir()
    (venv / "bin" / "belenios-tool").write_text("not a program")
    assert engine.tool_path() is None


def test_none_found_voting_refuses_in_chinese(venv, tmp_path) -> None:
    assert engine.tool_path() is None
    with pytest.raises(engine.Refused) as err:
        engine.open_round(tmp_path / "round", name="测试", applicants=["甲"],
                          voters=["a", "b", "c"], trustees=["甲", "乙", "丙"])
    assert "未找到投票引擎 belenios-tool" in str(err.value)


def test_script_is_quiet_when_on_path(tmp_path) -> None:
    if shutil.which("belenios-tool") is None:
        pytest.skip("belenios-tool not installed here")
    out = subprocess.run([str(SCRIPT), str(tmp_path)], capture_output=True, text=True, check=True)
    assert (out.stdout, out.stderr) == ("", "")
    assert not (tmp_path / "bin" / "belenios-tool").exists()


def test_script_says_one_line_when_it_cannot(tmp_path) -> None:
    # No belenios-tool on PATH and no apt-get/dpkg: one Chinese line, exit 0 (make run goes on).
    bindir = tmp_path / "bin-min"
    bindir.mkdir()
    for tool in ("bash", "mktemp", "rm", "mkdir", "find", "sort", "paste", "cat", "chmod"):
        found = shutil.which(tool)
        if found:
            os.symlink(found, bindir / tool)
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    out = subprocess.run([str(bindir / "bash"), str(SCRIPT), str(venv)], capture_output=True,
                         text=True, env={"PATH": str(bindir)}, check=True)
    assert out.stdout.count("\n") == 1
    assert out.stdout.startswith("无记名投票暂不可用：未找到 belenios-tool")
    assert not (venv / "bin" / "belenios-tool").exists()


def _apt_download_works() -> bool:
    if shutil.which("apt-get") is None or shutil.which("dpkg") is None:
        return False
    try:
        got = subprocess.run(["apt-get", "download", "--print-uris", "belenios-tool"],
                             capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return False
    return got.returncode == 0 and ".deb" in got.stdout


@pytest.mark.slow
def test_script_unpacks_the_debian_package(tmp_path) -> None:
    if not _apt_download_works():
        pytest.skip("apt-get download of belenios-tool is not possible here (no network?)")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    out = subprocess.run([str(SCRIPT), str(venv)], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "ENSURE_BELENIOS_SKIP_PATH": "1"}, check=True)
    assert out.stdout.startswith("已将 belenios-tool 解包到")
    wrapper = venv / "bin" / "belenios-tool"
    assert (venv / "belenios" / "usr" / "bin" / "belenios-tool").is_file()
    version = subprocess.run([str(wrapper), "--version"], capture_output=True, text=True,
                             env={"PATH": "/usr/bin:/bin"}, check=True)
    assert version.stdout.strip().startswith("2.")
    # A second run finds it and is silent.
    again = subprocess.run([str(SCRIPT), str(venv)], capture_output=True, text=True,
                           env={**os.environ, "ENSURE_BELENIOS_SKIP_PATH": "1"}, check=True)
    assert again.stdout == ""
