"""The Belenios ballot engine against the real belenios-tool (no mocks)."""

import json
import os
import shutil
import tarfile
import threading
from pathlib import Path

import pytest

from zhicheng.evaluation import ballot
from zhicheng.evaluation.ballot import Refused

pytestmark = pytest.mark.skipif(
    ballot.tool_path() is None,
    reason="belenios-tool 未安装（Debian 软件包 belenios-tool；CI 由 .ci/run 安装）")

APPLICANTS = ["申报人甲", "申报人乙"]
VOTERS = [f"member-{i}" for i in range(1, 6)]
TRUSTEES = ["主任委员", "监督员", "职改办代表"]
# Voter i's choices; expected counts below are worked out by hand.
VOTES = [
    {"申报人甲": "同意", "申报人乙": "不同意"},
    {"申报人甲": "同意", "申报人乙": "弃权"},
    {"申报人甲": "同意", "申报人乙": "同意"},
    {"申报人甲": "不同意", "申报人乙": "同意"},
    {"申报人甲": "弃权", "申报人乙": "同意"},
]
EXPECTED = {"申报人甲": {"同意": 3, "不同意": 1, "弃权": 1},
            "申报人乙": {"同意": 3, "不同意": 1, "弃权": 1}}


def shm_leftovers():
    """This process's scratch directories (another test worker may be in the middle of one)."""
    return sorted(p.name for p in Path("/dev/shm").glob(f"zhicheng-ballot-{os.getpid()}-*")) \
        if Path("/dev/shm").is_dir() else []


@pytest.fixture(scope="module")
def closed_round(tmp_path_factory):
    """A 5-voter round with 2 questions, all ballots cast and the encrypted tally computed."""
    d = tmp_path_factory.mktemp("round") / "r"
    opened = ballot.open_round(d, name="2017年度工程系列高级评审 第1轮", applicants=APPLICANTS,
                               voters=VOTERS, trustees=TRUSTEES)
    trackers = [ballot.cast(d, VOTES[i], c.private_credential)
                for i, c in enumerate(opened.credentials)]
    ballot.close_round(d)
    return d, opened, trackers


def copy_of(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy"
    shutil.copytree(src, dst)
    return dst


@pytest.mark.slow
def test_round_counts_exactly_and_verifies(closed_round, tmp_path):
    d, opened, trackers = closed_round
    d = copy_of(d, tmp_path)
    assert len(opened.trustee_keys) == 3 and len(opened.credentials) == 5
    assert [c.voter for c in opened.credentials] == VOTERS
    assert sorted(ballot.trackers(d)) == sorted(trackers)
    k1, _, k3 = opened.trustee_keys
    ballot.partial_decrypt(d, k1.trustee_id, k1.private_key)
    ballot.partial_decrypt(d, k3.trustee_id, k3.private_key)
    tally = ballot.compute_result(d)
    assert tally.counts == EXPECTED and tally.ballots == 5
    ballot.verify(d)
    out = ballot.export(d, tmp_path / "public")
    assert [p.name for p in out.parent.iterdir()] == [f"{opened.uuid}.bel"]
    ballot.verify(out.parent)


@pytest.mark.slow
@pytest.mark.parametrize("pair", [(0, 1), (1, 2), (0, 2)])
def test_any_two_of_three_trustees_decrypt(closed_round, tmp_path, pair):
    d, opened, _ = closed_round
    d = copy_of(d, tmp_path)
    for i in pair:
        k = opened.trustee_keys[i]
        ballot.partial_decrypt(d, k.trustee_id, k.private_key)
    assert ballot.compute_result(d).counts == EXPECTED


@pytest.mark.slow
def test_one_trustee_cannot_decrypt(closed_round, tmp_path):
    d, opened, _ = closed_round
    d = copy_of(d, tmp_path)
    k = opened.trustee_keys[1]
    ballot.partial_decrypt(d, k.trustee_id, k.private_key)
    with pytest.raises(Refused, match="至少需要 2 位受托人"):
        ballot.compute_result(d)
    with pytest.raises(Refused, match="已提交过"):
        ballot.partial_decrypt(d, k.trustee_id, k.private_key)
    with pytest.raises(Refused, match="尚未计票"):
        ballot.result(d)


@pytest.mark.slow
def test_wrong_trustee_key_is_refused(closed_round, tmp_path):
    d, opened, _ = closed_round
    d = copy_of(d, tmp_path)
    k1, k2, _ = opened.trustee_keys
    with pytest.raises(Refused, match="私钥与其解密份额不符") as e:
        ballot.partial_decrypt(d, k1.trustee_id, k2.private_key)
    assert "Traceback" not in e.value.message
    with pytest.raises(Refused, match="不属于本轮"):
        ballot.partial_decrypt(d, 9, k1.private_key)


@pytest.mark.slow
def test_no_ballot_after_close(closed_round, tmp_path):
    d, opened, _ = closed_round
    d = copy_of(d, tmp_path)
    with pytest.raises(Refused, match="已经结束"):
        ballot.cast(d, VOTES[0], opened.credentials[0].private_credential)
    with pytest.raises(Refused, match="已经结束"):
        ballot.close_round(d)


@pytest.mark.slow
def test_tampered_archive_fails_verification(closed_round, tmp_path):
    d, opened, _ = closed_round
    d = copy_of(d, tmp_path)
    k1, k2, _ = opened.trustee_keys
    ballot.partial_decrypt(d, k1.trustee_id, k1.private_key)
    ballot.partial_decrypt(d, k2.trustee_id, k2.private_key)
    ballot.compute_result(d)
    bel = ballot.export(d, tmp_path / "public")
    ballot.verify(bel.parent)
    # Change one digit inside the first ballot's ciphertext (tar headers do not cover content).
    with tarfile.open(bel) as tar:
        events = [json.load(tar.extractfile(m)) for m in tar if m.name.endswith(".event.json")]
        first = next(e for e in events if e["type"] == "Ballot")
        member = tar.getmember(f"{first['payload']}.data.json")
    raw = bytearray(bel.read_bytes())
    at = raw.index(b'"alpha":"', member.offset_data) + len(b'"alpha":"') + 5
    raw[at] = ord("1") if raw[at] != ord("1") else ord("2")
    bel.write_bytes(bytes(raw))
    with pytest.raises(Refused, match="校验未通过"):
        ballot.verify(bel.parent)


@pytest.mark.slow
def test_no_plaintext_choice_or_private_secret_is_left(closed_round, tmp_path):
    d, opened, _ = closed_round
    d = copy_of(d, tmp_path)
    k1, k2, _ = opened.trustee_keys
    ballot.partial_decrypt(d, k1.trustee_id, k1.private_key)
    ballot.partial_decrypt(d, k2.trustee_id, k2.private_key)
    ballot.compute_result(d)
    public = ballot.export(d, tmp_path / "public").parent
    assert shm_leftovers() == []
    files = [p for root in (d, public) for p in root.rglob("*") if p.is_file()]
    assert {p.relative_to(d).as_posix() for p in files if p.is_relative_to(d)} == {
        f"{opened.uuid}.bel", "round.json", ".lock",
        "shares/1.dkey", "shares/2.dkey", "shares/3.dkey"}
    blob = b"".join(p.read_bytes() for p in files)
    # The archive is a tar of JSON files: look inside it as well as at its raw bytes.
    with tarfile.open(public / f"{opened.uuid}.bel") as tar:
        blob += b"".join(tar.extractfile(m).read() for m in tar)
    compact = blob.replace(b" ", b"").replace(b"\n", b"")
    for i, cred in enumerate(opened.credentials):
        assert cred.private_credential.encode() not in blob
        assert cred.voter.encode() not in blob  # no member name or pseudonym either
        vector = json.dumps([[int(VOTES[i][a] == c) for c in ballot.CHOICES]
                             for a in APPLICANTS]).replace(" ", "").encode()
        assert vector not in compact
        for a in APPLICANTS:
            assert json.dumps({a: VOTES[i][a]}, ensure_ascii=False)[1:-1].encode() not in blob
    for k in opened.trustee_keys:
        assert k.private_key.encode() not in blob


@pytest.fixture
def small_round(tmp_path):
    d = tmp_path / "small"
    opened = ballot.open_round(d, name="小轮次", applicants=["甲"], voters=["a", "b"],
                               trustees=TRUSTEES)
    return d, opened


def test_second_ballot_with_same_credential_is_refused(small_round):
    d, opened = small_round
    cred = opened.credentials[0].private_credential
    tracker = ballot.cast(d, {"甲": "同意"}, cred)
    with pytest.raises(Refused, match="已经投过票"):
        ballot.cast(d, {"甲": "不同意"}, cred)
    assert ballot.trackers(d) == [tracker]
    # The ballot itself, resubmitted, is refused too.
    again = ballot.build_ballot(d, {"甲": "弃权"}, cred)
    with pytest.raises(Refused, match="已经投过票"):
        ballot.submit_ballot(d, again.json)
    ballot.verify(d)


def test_unknown_credential_and_bad_choices_are_refused(small_round):
    d, opened = small_round
    other = ballot.open_round(d.parent / "other", name="另一轮", applicants=["甲"],
                              voters=["a"], trustees=TRUSTEES)
    with pytest.raises(Refused, match="凭证无效"):
        ballot.cast(d, {"甲": "同意"}, other.credentials[0].private_credential)
    cred = opened.credentials[0].private_credential
    with pytest.raises(Refused, match="各选一项"):
        ballot.cast(d, {}, cred)
    with pytest.raises(Refused, match="之一"):
        ballot.cast(d, {"甲": "赞成"}, cred)
    with pytest.raises(Refused, match="尚无选票"):
        ballot.close_round(d)
    assert ballot.trackers(d) == []


def test_setup_refusals(tmp_path, small_round):
    d, _ = small_round
    with pytest.raises(Refused, match="至少 3 位"):
        ballot.open_round(tmp_path / "x", name="x", applicants=["甲"], voters=["a"],
                          trustees=["甲", "乙"])
    with pytest.raises(Refused, match="不得重复"):
        ballot.open_round(tmp_path / "x", name="x", applicants=["甲", "甲"], voters=["a"],
                          trustees=TRUSTEES)
    with pytest.raises(Refused, match="已经建立"):
        ballot.open_round(d, name="x", applicants=["甲"], voters=["a"], trustees=TRUSTEES)


def test_missing_tool_is_a_plain_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(Refused, match="未找到投票引擎 belenios-tool"):
        ballot.open_round(tmp_path / "r", name="x", applicants=["甲"], voters=["a"],
                          trustees=TRUSTEES)
    assert not (tmp_path / "r").exists() or not any((tmp_path / "r").iterdir())


def test_tampered_ballot_is_not_recorded(small_round):
    d, opened = small_round
    good = ballot.build_ballot(d, {"甲": "同意"}, opened.credentials[0].private_credential)
    at = good.json.index('"alpha":"') + len('"alpha":"') + 5
    bad = good.json[:at] + ("1" if good.json[at] != "1" else "2") + good.json[at + 1:]
    with pytest.raises(Refused, match="选票未通过校验"):
        ballot.submit_ballot(d, bad)
    assert ballot.trackers(d) == []
    ballot.verify(d)
    assert ballot.submit_ballot(d, good.json) == good.tracker


def test_two_browsers_of_one_member_cast_once(small_round):
    d, opened = small_round
    cred = opened.credentials[1].private_credential
    outcomes: list[str] = []

    def vote(choice):
        try:
            outcomes.append(ballot.cast(d, {"甲": choice}, cred))
        except Refused as e:
            outcomes.append(e.message)

    threads = [threading.Thread(target=vote, args=(c,)) for c in ("同意", "不同意")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o.startswith("该投票凭证已经投过票") for o in outcomes) == [False, True]
    assert len(ballot.trackers(d)) == 1
    ballot.verify(d)


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="no /dev/shm")
def test_scratch_left_by_a_killed_process_is_swept(tmp_path):
    stale = Path("/dev/shm/zhicheng-ballot-999999999-test")
    stale.mkdir()
    (stale / "x.key").write_text("secret")
    (stale / "x.key").chmod(0o400)
    ballot.open_round(tmp_path / "r", name="x", applicants=["甲"], voters=["a"],
                      trustees=TRUSTEES)
    assert not stale.exists()
    assert shm_leftovers() == []
