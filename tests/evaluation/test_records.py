"""The session record (会议记录, point 8): exact JSON content, hashes in the audit chain, the
PDF (WeasyPrint, CJK), storage without orphans, the pages. Rows are built directly (the meeting
and ballot steps that fill them are other modules' tests)."""

import datetime
import hashlib
import json
import shutil
import subprocess

import pytest
from factories import (
    CommitteeFactory,
    DeclarationFactory,
    UnitFactory,
    UserFactory,
    applicant,
    expert_of,
    official,
    session_with,
)

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role, Specialty
from zhicheng.declarations.models import State
from zhicheng.evaluation.domain import records
from zhicheng.evaluation.models import (
    BallotRound,
    Conflict,
    Deliberation,
    Election,
    GroupReport,
    MemberDraw,
    RoundState,
    Seat,
    SessionRecord,
    Trustee,
    TrusteeShare,
    Verdict,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def at(h: int, m: int = 0) -> datetime.datetime:
    return datetime.datetime(2017, 9, 20, h, m, tzinfo=UTC)


@pytest.fixture(autouse=True)
def setup(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ZHICHENG_TODAY = "2017-09-20"


@pytest.fixture
def world():
    committee = CommitteeFactory(name="广西工程系列高级职称评审委员会")
    spec = Specialty.objects.create(series=committee.series, code="building", name="建筑工程")
    secretariat = official(Role.SECRETARIAT, committee=committee)
    secretariat.real_name = "秘书甲"
    secretariat.save()
    chair_user = UserFactory(real_name="主任乙")
    experts = [expert_of(committee, specialty=spec, code=f"E{i:04d}",
                         user=chair_user if i == 1 else None) for i in range(1, 4)]
    unit = UnitFactory(name="南宁建设集团")
    decls = [DeclarationFactory(committee=committee, series=committee.series, unit=unit,
                                state=State.UNDER_EVALUATION,
                                applicant=applicant(real_name=name))
             for name in ("申报人张三", "申报人李四")]
    session = session_with(decls, experts=experts, name="2017年度工程系列高级评审会议",
                           code="eng-senior-2017-1", groups={"building": 3},
                           started_at=at(1), ended_at=at(9))
    seats = {s.expert.code: s for s in Seat.objects.filter(session=session)}
    seats["E0001"].role = "chair"
    seats["E0001"].checked_in_at = at(1, 5)
    seats["E0001"].save()
    seats["E0002"].group_leader = True
    seats["E0002"].checked_in_at = at(1, 10)
    seats["E0002"].save()  # E0003 never checks in: absent
    MemberDraw.objects.create(
        session=session, state="drawn", inputs={}, inputs_sha256="a" * 64,
        commitment="b" * 64, server_secret="c" * 64, committed_at=at(0),
        record={"members": ["E0001", "E0002", "E0003"], "reserves": {"building": []},
                "replacements": []}, record_sha256="d" * 64, drawn_at=at(0, 30))
    Conflict.objects.create(
        session=session, expert=experts[1], declaration=decls[1], kind="same_unit",
        source="detected", detail="同在南宁建设集团", declared_by=secretariat,
        declared_at=at(0, 40), state="confirmed", decided_by=chair_user, decided_at=at(1, 20),
        decision_reason="同单位，依规回避")
    GroupReport.objects.create(session=session, group="building", declaration=decls[0],
                               recommend=True, for_count=2, against_count=0,
                               summary="业绩突出，推荐。", recorded_by=experts[1].user,
                               recorded_at=at(2))
    Deliberation.objects.create(session=session, declaration=decls[0], notes="无异议。",
                                recorded_by=secretariat, recorded_at=at(3))
    trustees = [Trustee.objects.create(session=session, position=i, name=n, capacity=c)
                for i, (n, c) in enumerate((("主任乙", "主任委员"), ("监督员", "监督人员"),
                                            ("代表丙", "职改办代表")), start=1)]
    rnd = BallotRound.objects.create(
        session=session, number=1, state=RoundState.SEALED, present=["E0001", "E0002"],
        members=3, opened_by=secretariat, opened_at=at(4), closed_at=at(5),
        sealed_by=chair_user, sealed_at=at(6))
    e1 = Election.objects.create(round=rnd, uuid="UUIDALL", directory="r/1", voters=["E0001",
                                 "E0002"], declarations=[decls[0].pk], questions=["申报人张三"],
                                 archive_sha256="e" * 64, tally={}, ballots=2)
    e2 = Election.objects.create(round=rnd, uuid="UUIDREC", directory="r/2", voters=["E0001"],
                                 declarations=[decls[1].pk], questions=["申报人李四"],
                                 archive_sha256="f" * 64, tally={}, ballots=1)
    for e in (e1, e2):
        for t in trustees[:2]:
            TrusteeShare.objects.create(election=e, trustee=t, recorded_at=at(5, 30))
    Verdict.objects.create(round=rnd, declaration=decls[0], agree=2, disagree=0, abstain=0,
                           entitled=2, needed=2, passed=True, basis="到会且有表决权2人，同意≥2")
    Verdict.objects.create(round=rnd, declaration=decls[1], agree=0, disagree=1, abstain=0,
                           entitled=1, needed=1, passed=False, basis="回避1人；同意≥1")
    return {"session": session, "secretariat": secretariat, "decls": decls,
            "chair": chair_user, "round": rnd}


def test_content_is_exact(world) -> None:
    s, (d1, d2) = world["session"], world["decls"]
    c = records.build_content(s)
    assert c["format"] == "zhicheng-session-record/1"
    assert c["session"] == {
        "id": s.pk, "code": "eng-senior-2017-1", "name": "2017年度工程系列高级评审会议",
        "committee": "广西工程系列高级职称评审委员会", "plan": str(s.plan),
        "held_on": "2017-09-20",
        "witness": {"name": "监督员", "org": "自治区纪委监委驻厅纪检监察组"},
        "groups": {"building": 3}, "cross_evaluation": False,
        "started_at": "2017-09-20T09:00:00+08:00", "ended_at": "2017-09-20T17:00:00+08:00"}
    att = c["attendance"]
    assert (att["present"], att["absent"]) == (["E0001", "E0002"], ["E0003"])
    assert [(x["code"], x["role"], x["group_leader"], x["checked_in_at"]) for x in att["seats"]] \
        == [("E0001", "chair", False, "2017-09-20T09:05:00+08:00"),
            ("E0002", "member", True, "2017-09-20T09:10:00+08:00"),
            ("E0003", "member", False, None)]
    assert att["seats"][0]["name"] == "主任乙"
    (r,) = c["recusals"]
    assert {k: r[k] for k in ("code", "declaration", "kind", "source", "state", "decided_by",
                              "decided_at", "reason", "detail")} == {
        "code": "E0002", "declaration": d2.pk, "kind": "same_unit", "source": "detected",
        "state": "confirmed", "decided_by": "主任乙", "decided_at": "2017-09-20T09:20:00+08:00",
        "reason": "同单位，依规回避", "detail": "同在南宁建设集团"}
    assert c["draw"] == {"state": "drawn", "record_sha256": "d" * 64, "inputs_sha256": "a" * 64,
                         "commitment": "b" * 64, "drawn_at": "2017-09-20T08:30:00+08:00"}
    assert [(g["declaration"], g["recommend"], g["for"], g["against"], g["summary"])
            for g in c["group_reports"]] == [(d1.pk, True, 2, 0, "业绩突出，推荐。")]
    assert [(x["declaration"], x["notes"], x["recorded_by"]) for x in c["deliberations"]] == \
        [(d1.pk, "无异议。", "秘书甲")]
    assert c["trustees"] == [{"position": 1, "name": "主任乙", "capacity": "主任委员"},
                             {"position": 2, "name": "监督员", "capacity": "监督人员"},
                             {"position": 3, "name": "代表丙", "capacity": "职改办代表"}]
    (rnd,) = c["rounds"]
    assert (rnd["sealed_by"], rnd["sealed_at"], rnd["present"], rnd["members"]) == \
        ("主任乙", "2017-09-20T14:00:00+08:00", ["E0001", "E0002"], 3)
    assert rnd["elections"] == [
        {"uuid": "UUIDALL", "archive_sha256": "e" * 64, "declarations": [d1.pk], "voters": 2,
         "ballots": 2},
        {"uuid": "UUIDREC", "archive_sha256": "f" * 64, "declarations": [d2.pk], "voters": 1,
         "ballots": 1}]
    assert [(x["election"], x["trustee"], x["name"]) for x in rnd["decrypted_by"]] == [
        ("UUIDALL", 1, "主任乙"), ("UUIDALL", 2, "监督员"),
        ("UUIDREC", 1, "主任乙"), ("UUIDREC", 2, "监督员")]
    assert rnd["verdicts"] == [
        {"declaration": d1.pk, "agree": 2, "disagree": 0, "abstain": 0, "entitled": 2,
         "needed": 2, "passed": True, "basis": "到会且有表决权2人，同意≥2"},
        {"declaration": d2.pk, "agree": 0, "disagree": 1, "abstain": 0, "entitled": 1,
         "needed": 1, "passed": False, "basis": "回避1人；同意≥1"}]
    assert [a["name"] for a in c["applicants"]] == ["申报人张三", "申报人李四"]


def test_make_record_stores_pdf_and_json_and_audits_both_hashes(world, file_store) -> None:
    minutes = records.make_record(actor=world["secretariat"], session_id=world["session"].pk)
    body = records.canonical_bytes(minutes.content)
    assert body == json.dumps(minutes.content, sort_keys=True, ensure_ascii=False,
                              separators=(",", ":")).encode()
    assert minutes.json_sha256 == hashlib.sha256(body).hexdigest()
    stored = file_store / minutes.pdf.name
    pdf = stored.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert minutes.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    event = AuditEvent.objects.get(action="evaluation.session.minutes")
    assert event.after == {"session": "eng-senior-2017-1", "pdf": minutes.pdf.name,
                           "json_sha256": minutes.json_sha256, "pdf_sha256": minutes.pdf_sha256}
    assert event.role == Role.SECRETARIAT
    # Fresh from the database: the JSON round trip keeps the hash.
    again = SessionRecord.objects.get(pk=minutes.pk)
    assert hashlib.sha256(records.canonical_bytes(again.content)).hexdigest() == \
        minutes.json_sha256


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_opens_and_shows_the_chinese_session_name(world, file_store, tmp_path) -> None:
    minutes = records.make_record(actor=world["secretariat"], session_id=world["session"].pk)
    path = file_store / minutes.pdf.name
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "2017年度工程系列高级评审会议" in text
    assert "申报人张三" in text and "未通过" in text and minutes.json_sha256[:32] in text
    out = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(out)],
                   check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 5000


def test_twice_is_refused_and_leaves_one_file(world, file_store) -> None:
    records.make_record(actor=world["secretariat"], session_id=world["session"].pk)
    with pytest.raises(Refused) as err:
        records.make_record(actor=world["secretariat"], session_id=world["session"].pk)
    assert err.value.code == "exists"
    assert len(list(file_store.rglob("*.pdf"))) == 1
    assert AuditEvent.objects.filter(action="evaluation.session.minutes").count() == 1


def test_not_before_the_session_ended_or_every_round_sealed(world, file_store) -> None:
    s = world["session"]
    s.ended_at = None
    s.save()
    r = world["round"]
    r.state = RoundState.TALLIED
    r.save()
    with pytest.raises(Refused) as err:
        records.make_record(actor=world["secretariat"], session_id=s.pk)
    assert err.value.code == "not_ready"
    r.state = RoundState.SEALED
    r.save()
    assert records.make_record(actor=world["secretariat"], session_id=s.pk).pk


def test_only_the_committees_secretariat(world, file_store) -> None:
    other = official(Role.SECRETARIAT, committee=CommitteeFactory())
    with pytest.raises((NotFound, Refused)):
        records.make_record(actor=other, session_id=world["session"].pk)
    with pytest.raises((NotFound, Refused)):
        records.make_record(actor=world["chair"], session_id=world["session"].pk)
    with pytest.raises(NotFound):
        records.make_record(actor=world["secretariat"], session_id=999999)
    assert not list(file_store.rglob("*.pdf"))
    assert not SessionRecord.objects.exists()


def test_a_failure_after_the_file_is_written_leaves_no_file(world, file_store,
                                                            monkeypatch) -> None:
    def boom(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(records, "record", boom)
    with pytest.raises(RuntimeError):
        records.make_record(actor=world["secretariat"], session_id=world["session"].pk)
    assert not list(file_store.rglob("*.pdf"))
    assert not SessionRecord.objects.exists()


def test_pages_make_and_download(world, client, file_store) -> None:
    s = world["session"]
    client.force_login(world["secretariat"])
    page = client.get(f"/evaluation/sessions/{s.pk}/")
    assert "生成会议记录" in page.content.decode()
    resp = client.post(f"/evaluation/sessions/{s.pk}/minutes/")
    assert resp.status_code == 302
    again = client.post(f"/evaluation/sessions/{s.pk}/minutes/", follow=True)  # double click
    assert "本次会议的会议记录已经生成" in again.content.decode()
    minutes = SessionRecord.objects.get(session=s)
    pdf = client.get(f"/evaluation/sessions/{s.pk}/minutes.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == minutes.pdf_sha256
    js = client.get(f"/evaluation/sessions/{s.pk}/minutes.json")
    assert hashlib.sha256(js.content).hexdigest() == minutes.json_sha256
    assert json.loads(js.content)["session"]["name"] == "2017年度工程系列高级评审会议"
    page = client.get(f"/evaluation/sessions/{s.pk}/").content.decode()
    assert minutes.pdf_sha256 in page and "下载 PDF" in page


def test_downloads_are_a_404_for_others(world, client, file_store) -> None:
    s = world["session"]
    records.make_record(actor=world["secretariat"], session_id=s.pk)
    client.force_login(world["chair"])  # an expert: no such page
    assert client.get(f"/evaluation/sessions/{s.pk}/minutes.pdf").status_code == 404
    client.force_login(official(Role.SECRETARIAT, committee=CommitteeFactory()))
    assert client.get(f"/evaluation/sessions/{s.pk}/minutes.json").status_code == 404
    assert client.post(f"/evaluation/sessions/{s.pk}/minutes/").status_code == 404
