"""`zhicheng eligibility` is the public contract of ../shared/spec/eligibility-case.md."""

import json
import pathlib
import subprocess
import sys

CASE = {
    "policy": "gx-2017", "application_date": "2017-05-15",
    "applicant": {"id_number": "450103198001011233", "sex": "male", "birth_date": "1980-01-01",
                  "retirement_category": "male_60", "civil_servant": True, "retired_on": None,
                  "retirement_extension_approved": False, "hukou_in_guangxi": True,
                  "archive_hosted_in_guangxi_since": None, "previous_id_numbers": [],
                  "from_state_organ": False},
    "employment": {"unit": {"name": "南宁市某设计院", "type": "public_institution",
                            "in_guangxi": True, "legal_person": True, "industry": "other"},
                   "relation_since": "2010-07-01"},
    "declaration": {"series": "engineering", "evaluation_appointment_combined": False,
                    "level": "deputy_senior", "current_level": "intermediate",
                    "kind": "regular", "channel": "unit", "approvals": [],
                    "materials": ["continuing_education_certificate"],
                    "continuing_education_completed": True, "social_insurance_months": []},
    "other_declarations_same_year": [],
}


def run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "zhicheng", "eligibility", *args],
                          input=stdin, capture_output=True, text=True, timeout=60)


def test_file_and_stdin_give_the_contract_output(tmp_path: pathlib.Path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    for result in (run(str(path)), run("-", stdin=path.read_text(encoding="utf-8"))):
        assert result.returncode == 0, result.stderr
        out = json.loads(result.stdout)
        assert (out["policy"], out["eligible"], out["ready"]) == ("gx-2017", False, False)
        assert [(f["clause"], f["code"], f["severity"], f["message"])
                for f in out["findings"]] == [
            ("2.3", "civil_servant", "blocking",
             "公务员不得参加专业技术人才职称评审（桂职办〔2017〕26号 二（三））")]


def test_invalid_input_exits_2_with_one_line_naming_the_field():
    bad = {**CASE, "applicant": {**CASE["applicant"], "id_number": "450103198001011234"}}
    result = run("-", stdin=json.dumps(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "applicant.id_number" in lines[0]
    assert "Traceback" not in result.stderr
