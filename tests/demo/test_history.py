"""The demo year (issue 9): a declaration in every state of the workflow table, each brought
there through the domain, step by step on the 2017 timetable, with an intact audit chain."""

import datetime

import pytest
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.verify import verify_chain
from zhicheng.core.models import User
from zhicheng.declarations.domain.timeline import timeline
from zhicheng.declarations.domain.workflow import BY_NAME
from zhicheng.declarations.models import Declaration, State
from zhicheng.demo import declarations as history
from zhicheng.demo.load import load_demo
from zhicheng.integrity.models import CaseState, FraudCase, IntegrityRecord
from zhicheng.materials.domain.storage import file_storage
from zhicheng.materials.models import MaterialFile
from zhicheng.notices.models import Notice
from zhicheng.review.models import Deliberation, Interview, ItemCheck, Pledge

pytestmark = pytest.mark.django_db

# The transitions each path takes, by the demo's step names.
TRANSITION_OF = {
    "submit": "submit", "withdraw": "withdraw", "start_unit_review": "start_unit_review",
    "unit_return": "unit_return", "unit_reject": "unit_reject", "post_notice": "post_unit_notice",
    "recommend": "recommend", "start_office_review": "start_office_review", "void": "void",
    "accept": "accept_for_committee", "start_evaluation": "start_evaluation",
    "pass": "record_pass", "fail": "record_fail", "post_result_notice": "post_result_notice",
    "report": "report", "approve": "approve", "certify": "certify",
    "decide_false": "revoke",
}


@pytest.fixture
def year(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ZHICHENG_TODAY = "2017-05-15"
    load_demo()
    made = history.load_sample_declarations()
    return made


def _samples():
    return {d.applicant.username: d for d in
            Declaration.objects.select_related("applicant").filter(
                applicant__username__startswith="demo_sample_")}


def test_every_state_of_the_table_is_held_by_a_sample(year):
    assert year == len(history.SAMPLES) == 20
    states = {d.state for d in _samples().values()}
    assert states == set(State.values)
    for s in history.SAMPLES:
        assert _samples()[s.username].state == s.state


def test_each_history_is_the_transitions_of_its_path_in_order(year):
    samples = _samples()
    for s in history.SAMPLES:
        decl = samples[s.username]
        actions = list(AuditEvent.objects.filter(
            object_type="declarations.declaration", object_id=str(decl.pk),
            action__in=[f"declaration.{t}" for t in BY_NAME]).order_by("seq")
            .values_list("action", flat=True))
        expected = [f"declaration.{TRANSITION_OF[step]}" for step in history.PATHS[s.state]
                    if step in TRANSITION_OF]
        assert actions == expected, s.username


def test_the_year_is_written_in_date_order_on_the_timetable(year):
    events = list(AuditEvent.objects.exclude(action="demo.create").order_by("seq"))
    moments = [e.created_at for e in events]
    assert moments == sorted(moments)
    tz = timezone.get_default_timezone()
    days = {timezone.localtime(m, tz).date() for m in moments}
    # The year opens with the experts' entry into the pool (评委库) and ends with a certificate.
    assert min(days) == datetime.date(2017, 4, 10) and max(days) == datetime.date(2017, 12, 1)
    certified = _samples()["demo_sample_15"]
    assert [(step["label"], timezone.localtime(step["at"], tz).date()) for step in
            timeline(certified)] == [
        ("创建申报草稿", datetime.date(2017, 5, 11)),
        ("修改申报内容", datetime.date(2017, 5, 11)),
        ("提交申报", datetime.date(2017, 5, 15)),
        ("开始单位审核", datetime.date(2017, 7, 3)),
        ("进行单位公示", datetime.date(2017, 7, 5)),
        ("单位推荐", datetime.date(2017, 7, 14)),
        ("职改办开始审核", datetime.date(2017, 7, 17)),
        ("受理并移交评委会", datetime.date(2017, 7, 24)),
        ("开始评审", datetime.date(2017, 9, 5)),
        ("评审通过", datetime.date(2017, 9, 20)),
        ("评审结果公示（二次公示）", datetime.date(2017, 9, 25)),
        ("报自治区职改办", datetime.date(2017, 10, 10)),
        ("审核确认并批复", datetime.date(2017, 11, 15)),
        ("发放证书", datetime.date(2017, 12, 1)),
    ]
    assert certified.submitted_at == datetime.datetime(2017, 5, 15, 9, 0, tzinfo=tz)


def test_the_records_each_stage_needs_exist(year):
    samples = _samples()
    past_unit = [d for d in samples.values() if d.state not in
                 {State.DRAFT, State.SUBMITTED, State.WITHDRAWN, State.UNIT_REVIEW,
                  State.RETURNED}]
    assert len(past_unit) == 14
    pledge = Pledge.objects.get()
    assert (pledge.reviewer_name, timezone.localdate(pledge.signed_at)) == (
        "王芳", datetime.date(2017, 6, 30))
    for d in past_unit:  # six items each, the rejected one with a 虚假 finding
        assert ItemCheck.objects.filter(declaration=d).count() == 6
    assert ItemCheck.objects.filter(result="false").get().declaration == samples[
        "demo_sample_17"]
    notice = Notice.objects.get()
    assert (notice.starts_on, notice.ends_on, notice.entries.count()) == (
        datetime.date(2017, 7, 5), datetime.date(2017, 7, 11), 13)
    recommended_on = {d.pk for d in samples.values() if d.state not in
                      {State.DRAFT, State.SUBMITTED, State.WITHDRAWN, State.UNIT_REVIEW,
                       State.RETURNED, State.REJECTED, State.UNIT_NOTICE}}
    assert set(Interview.objects.values_list("declaration", flat=True)) == recommended_on
    assert set(Deliberation.objects.values_list("declaration", flat=True)) == recommended_on
    store = file_storage()
    for d in samples.values():  # the five required scans, as real PDFs
        files = MaterialFile.objects.filter(declaration=d).select_related("stored_file")
        assert files.count() == 5
        assert {store.open(f.stored_file.storage_name).read(5) for f in files} == {b"%PDF-"}
        assert {f.stored_file.content_type for f in files} == {"application/pdf"}


def test_the_revoked_result_went_through_a_fraud_case(year):
    revoked = _samples()["demo_sample_19"]
    case = FraudCase.objects.get(declaration=revoked)
    assert (case.state, case.result_revoked, case.reported_to_region) == (
        CaseState.FALSE, True, True)
    record = IntegrityRecord.objects.get(source_case=case)
    assert (record.name, record.period_to) == ("庞宇", datetime.date(2020, 11, 1))


def test_the_chain_verifies_and_loading_again_changes_nothing(year):
    report = verify_chain([])
    assert report.problem is None
    count = AuditEvent.objects.count()
    assert report.events == count
    assert history.load_sample_declarations() == 0
    assert AuditEvent.objects.count() == count
    assert Declaration.objects.count() == 20


def test_no_sample_can_sign_in(year, client):
    assert not User.objects.get(username="demo_sample_1").has_usable_password()
    response = client.post("/login/", {"username": "demo_sample_1", "password": "Zhicheng@2017"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_the_committee_voted_for_real_and_one_session_is_under_way(year, tmp_path):
    import subprocess

    from django.core.management import call_command

    from zhicheng.evaluation.ballot import engine
    from zhicheng.evaluation.domain import ballots
    from zhicheng.evaluation.models import (
        BallotRound,
        EvaluationSession,
        RoundState,
        SeatRole,
        SessionRecord,
        Verdict,
    )

    done, open_ = EvaluationSession.objects.order_by("code")
    assert (done.code, open_.code) == ("eng-senior-2017-1", "eng-senior-2017-2")
    assert done.draw.state == open_.draw.state == "drawn"
    assert done.ended_at is not None and open_.ended_at is None and open_.started_at
    [rnd] = BallotRound.objects.filter(session=done)
    assert rnd.state == RoundState.SEALED and rnd.sealed_by.username == "demo_expert"
    samples = _samples()
    verdicts = {v.declaration_id: v for v in Verdict.objects.filter(round=rnd)}
    assert set(verdicts) == {d.pk for d in done.declarations.all()}
    assert len(verdicts) == 7
    failed = verdicts[samples["demo_sample_11"].pk]
    assert (failed.agree, failed.disagree, failed.entitled, failed.needed, failed.passed) == (
        0, 5, 5, 4, False)
    assert all(v.passed and v.agree == 5 for k, v in verdicts.items() if k != failed.declaration_id)
    for election in rnd.elections.all():  # the stored archives verify with belenios-tool
        engine.verify(ballots._dir(election))
        assert election.ballots == 5 and len(election.archive_sha256) == 64
    record = SessionRecord.objects.get(session=done)
    assert record.pdf.read(5) == b"%PDF-"
    # Anyone entitled exports the round; belenios-tool verifies the export on its own.
    call_command("ballot", "export", str(rnd.pk), "-o", str(tmp_path / "export"))
    [bel] = (tmp_path / "export").rglob("*.bel")
    subprocess.run(["belenios-tool", "election", "verify", f"--dir={bel.parent}"], check=True,
                   capture_output=True)
    # The open session: its chair and members find work (opinions, then check-in).
    chair = open_.seats.get(role=SeatRole.CHAIR)
    assert chair.expert.user.username == "demo_expert"
    assert not BallotRound.objects.filter(session=open_).exists()
    assert samples["demo_sample_9"].state == State.UNDER_EVALUATION
