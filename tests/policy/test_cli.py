"""The `eligibility` command: files, stdin, batches and exit codes.

A few tests run `python -m zhicheng.policy` in a subprocess (the real entry
point); the rest call `main(argv, stdin, stdout, stderr)` in process.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from zhicheng.policy import get_policy_set
from zhicheng.policy.cli import main

from .conftest import make_case

SRC = str(Path(__file__).resolve().parents[2] / "src")
CIVIL = make_case({"applicant.civil_servant": True})
HASH = get_policy_set("gx-2017").hash
CIVIL_RESULT = {
    "policy": "gx-2017", "eligible": False, "ready": False,
    "findings": [{"clause": "2.3", "code": "civil_servant", "severity": "blocking",
                  "message": "公务员不得参加专业技术人才职称评审（桂职办〔2017〕26号 二（三））",
                  "facts": {"civil_servant": True}}],
    "policy_hash": HASH,
}


def cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "LC_ALL": "C", "PYTHONIOENCODING": ""}
    return subprocess.run([sys.executable, "-m", "zhicheng.policy", *args], input=stdin,
                          capture_output=True, env=env, timeout=60, check=False)


def dump(case: Any) -> bytes:
    return json.dumps(case, ensure_ascii=False).encode()


# --- subprocess: the real entry point ---------------------------------------------------

def test_file_argument(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(dump(CIVIL))
    done = cli("eligibility", str(path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.decode("utf-8")) == CIVIL_RESULT
    assert "公务员".encode() in done.stdout  # UTF-8, not \\u escapes, even under LC_ALL=C
    assert done.stderr == b""


def test_stdin_without_the_subcommand_word() -> None:
    done = cli("-", stdin=dump(make_case()))
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert (result["eligible"], result["ready"], result["findings"]) == (True, True, [])


def test_invalid_input_exits_2_with_one_line() -> None:
    done = cli("eligibility", "-", stdin=dump(make_case({"applicant.sex": "female"})))
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode() == (
        "eligibility: invalid input: applicant.sex: 'female' contradicts the ID number, "
        "whose order code is male\n")


def test_not_json_exits_2() -> None:
    done = cli("eligibility", "-", stdin=b"{not json")
    assert done.returncode == 2
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("eligibility: invalid input: (case): not JSON:")
    assert b"Traceback" not in done.stderr


def test_batch_from_stdin_with_an_invalid_line() -> None:
    good = dump(make_case()).decode()
    bad = dump(make_case({"application_date": "2017-02-30"})).decode()
    text = "\n".join([good, dump(CIVIL).decode(), "", bad, "[1"]) + "\n"
    done = cli("eligibility", "--batch", "-", stdin=text.encode())
    assert done.returncode == 2
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(out) == 4  # the blank line 3 gives nothing
    assert out[0]["eligible"] is True
    assert out[1] == CIVIL_RESULT
    assert out[2] == {"line": 4,
                      "error": "application_date: 2017-02-30 is not a day of the calendar"}
    assert out[3]["line"] == 5 and out[3]["error"].startswith("(case): not JSON:")


def test_batch_file_all_valid_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b"\n".join([dump(make_case()), dump(CIVIL)]) + b"\n")
    done = cli("--batch", str(path))
    assert done.returncode == 0
    assert [json.loads(x)["eligible"] for x in done.stdout.splitlines()] == [True, False]


# --- in process ------------------------------------------------------------------------

def run_main(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"declaration.level": "expert"}, "declaration.level: 'expert' is not one of"),
        ({"applicant.id_number": "450103198001011234"},
         "applicant.id_number: wrong check digit 4, expected 3"),
        ({"application_date": "2017-04-31"}, "application_date: 2017-04-31 is not a day"),
        ({"applicant.civil_servant": "no"}, "applicant.civil_servant: must be true or false"),
        ({"policy": "gx-1999"}, "policy: unknown policy set 'gx-1999'"),
    ],
)
def test_each_kind_of_invalid_input(changes: dict, message: str) -> None:
    code, out, err = run_main(["-"], json.dumps(make_case(changes)))
    assert code == 2 and out == ""
    assert err.startswith(f"eligibility: invalid input: {message}")
    assert err.count("\n") == 1


def test_missing_field() -> None:
    case = make_case()
    del case["declaration"]["kind"]
    code, _, err = run_main(["eligibility", "-"], json.dumps(case))
    assert code == 2
    assert err == "eligibility: invalid input: declaration.kind: missing field\n"


def test_missing_file_and_bad_usage() -> None:
    code, _, err = run_main(["/nonexistent/case.json"])
    assert code == 2 and err == ("eligibility: cannot read /nonexistent/case.json: "
                                 "No such file or directory\n")
    assert run_main([])[0] == 2
    assert run_main(["a.json", "b.json"])[0] == 2
    assert run_main(["--frobnicate"])[0] == 2
    code, out, _ = run_main(["--help"])
    assert code == 0 and "--batch" in out


def test_in_process_batch_result_lines_match_single_results() -> None:
    cases = [make_case(), CIVIL, make_case({"declaration.level": "senior"})]
    code, out, _ = run_main(["--batch", "-"], "\n".join(json.dumps(c) for c in cases))
    assert code == 0
    singles = [json.loads(run_main(["-"], json.dumps(c))[1]) for c in cases]
    assert [json.loads(line) for line in out.splitlines()] == singles


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dump(CIVIL))
    code, out, _ = run_main([str(path)])
    assert code == 0 and json.loads(out) == CIVIL_RESULT


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps(CIVIL, ensure_ascii=False).encode("gbk"))
    code, _, err = run_main([str(path)])
    assert code == 2 and err.startswith("eligibility: invalid input: (case): not UTF-8 text")


def test_lone_surrogate_in_input_is_escaped_not_a_crash() -> None:
    case = make_case({"other_declarations_same_year": [{"series": "\ud800", "level": "junior"}]})
    done = cli("-", stdin=json.dumps(case).encode())
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["findings"][0]["facts"]["other_declarations_same_year"][0]["series"] == "\ud800"
