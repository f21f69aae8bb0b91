"""The ballot pages through Django's test client: gated (a foreign object is the Chinese 404),
JSON endpoints for the device, trustee keys only in the opening's no-store response, bad input
answered plainly."""

import io
import json
import re

import pytest
from ballot_world import Device, needs_tool
from django.urls import reverse
from factories import CommitteeFactory, official

from zhicheng.core.models import Role
from zhicheng.declarations.models import Declaration, State
from zhicheng.evaluation.models import BallotRound, RoundState, Seat, TrusteeShare

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.logout()
    client.force_login(user)
    return client


def check_in(client, w, i, device=None):
    dev = w.devices.setdefault(w.experts[i].code, device or Device())
    client_for(client, w.user(i))
    return client.post(reverse("evaluation:ballot_check_in", args=[w.session.pk]),
                       json.dumps({"device_key": dev.public}), content_type="application/json")


def test_control_page_is_the_secretariats(world, client):
    w = world
    url = reverse("evaluation:ballot_control", args=[w.session.pk])
    client_for(client, w.secretariat)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "开始投票至少需到会" in text and "3 人" in text and "受托人" in text
    client_for(client, w.user(1))
    assert client.get(url).status_code == 404
    stranger = official(Role.SECRETARIAT, committee=CommitteeFactory())
    client_for(client, stranger)
    assert client.get(url).status_code == 404


def test_check_in_endpoint(world, client):
    w = world
    r = check_in(client, w, 1)
    assert r.status_code == 200 and r.json()["ok"] is True
    bad = client.post(reverse("evaluation:ballot_check_in", args=[w.session.pk]),
                      "{nonsense", content_type="application/json")
    assert bad.status_code == 422 and "公钥格式不正确" in bad.json()["message"]
    page = client.get(reverse("evaluation:ballot_check_in", args=[w.session.pk]))
    assert page.status_code == 200 and "evaluation/ballot.js" in page.content.decode()
    client_for(client, w.secretariat)  # not seated: 404
    assert client.get(reverse("evaluation:ballot_check_in",
                              args=[w.session.pk])).status_code == 404


def test_opening_below_quorum_says_why(world, client):
    w = world
    check_in(client, w, 0)
    client_for(client, w.secretariat)
    r = client.post(reverse("evaluation:ballot_open", args=[w.session.pk]), follow=True)
    assert "不足应到 4 人的三分之二" in r.content.decode()
    assert not BallotRound.objects.exists()


@needs_tool
@pytest.mark.slow
def test_round_through_the_pages(world, client):
    w = world
    for i in range(4):
        assert check_in(client, w, i).status_code == 200
    client_for(client, w.secretariat)
    opened = client.post(reverse("evaluation:ballot_open", args=[w.session.pk]))
    assert opened.status_code == 200
    assert opened["Cache-Control"] == "no-store"
    text = opened.content.decode()
    assert text.count('data-testid="trustee-key"') == 3
    rnd = BallotRound.objects.get()
    bundles = [json.loads(t) for t in re.findall(
        r'<textarea class="key-text"[^>]*>([^<]+)</textarea>', text.replace("&quot;", '"'))]
    assert [b["trustee"] for b in bundles] == [1, 2, 3]
    # Reloading the control page shows no key.
    control = client.get(reverse("evaluation:ballot_control", args=[w.session.pk]))
    assert all(k not in control.content.decode() for b in bundles for k in b["keys"].values())

    trackers = []
    for i in range(4):
        client_for(client, w.user(i))
        creds = client.get(reverse("evaluation:ballot_credentials", args=[rnd.pk]))
        assert creds["Cache-Control"] == "no-store"
        (item,) = creds.json()["elections"]
        cred = w.devices[w.experts[i].code].open(item["sealed"])
        url = reverse("evaluation:ballot_cast", args=[item["election"]])
        body = {"choices": {str(d.pk): "同意" for d in w.decls}, "credential": cred}
        r = client.post(url, json.dumps(body), content_type="application/json")
        assert r.status_code == 200, r.content
        trackers.append(r.json()["tracker"])
        again = client.post(url, json.dumps(body), content_type="application/json")
        assert again.status_code == 422 and "已投过票" in again.json()["message"]
    listing = client.get(reverse("evaluation:ballot_list", args=[item["election"]]))
    assert all(t in listing.content.decode() for t in trackers)

    client_for(client, w.secretariat)
    control = client.get(reverse("evaluation:ballot_control", args=[w.session.pk]))
    assert "已投 4 / 4" in control.content.decode()
    client.post(reverse("evaluation:ballot_close", args=[rnd.pk]))
    rnd.refresh_from_db()
    assert rnd.state == RoundState.CLOSED
    decrypt = reverse("evaluation:ballot_decrypt", args=[rnd.pk])
    wrong = client.post(decrypt, {"position": "2", "private_key": json.dumps(bundles[0])})
    assert wrong.status_code == 422 and "属于另一位受托人" in wrong.content.decode()
    upload = io.BytesIO(json.dumps(bundles[1]).encode())
    upload.name = "trustee-2.json"
    assert client.post(decrypt, {"position": "2", "key_file": upload}).status_code == 302
    # Trustee 3 decrypts from their own account.
    client_for(client, w.trustee_user)
    assert client.post(decrypt, {"position": "3",
                                 "private_key": json.dumps(bundles[2])}).status_code == 302
    assert TrusteeShare.objects.count() == 2
    client_for(client, w.secretariat)
    client.post(reverse("evaluation:ballot_tally", args=[rnd.pk]))
    rnd.refresh_from_db()
    assert rnd.state == RoundState.TALLIED

    seal = reverse("evaluation:ballot_seal", args=[rnd.pk])
    client_for(client, w.user(1))  # a member, not the chair
    assert client.get(seal).status_code == 404
    client_for(client, w.chair)
    page = client.get(seal).content.decode()
    assert "通过所需" in page and page.count("<strong class=\"state-passed\">通过</strong>") == 2
    client.post(seal)
    assert [Declaration.objects.get(pk=d.pk).state for d in w.decls] == [State.PASSED] * 2
    assert Seat.objects.filter(session=w.session, checked_in_at__isnull=False).count() == 4


def test_foreign_rounds_are_404(world, client):
    """Another committee's people, and members of no seat, see none of a round's pages."""
    import datetime

    from zhicheng.evaluation.models import Election

    w = world
    rnd = BallotRound.objects.create(
        session=w.session, number=1, present=[], members=4, opened_by=w.secretariat,
        opened_at=datetime.datetime(2017, 9, 20, 2, tzinfo=datetime.UTC))
    e = Election.objects.create(round=rnd, uuid="u1", directory="x/y", voters=[],
                                declarations=[], questions=[])
    other = CommitteeFactory()
    from factories import expert_of

    outsider = expert_of(other).user
    foreign_secretariat = official(Role.SECRETARIAT, committee=other)
    urls = [reverse("evaluation:ballot_vote", args=[rnd.pk]),
            reverse("evaluation:ballot_credentials", args=[rnd.pk]),
            reverse("evaluation:ballot_seal", args=[rnd.pk]),
            reverse("evaluation:ballot_list", args=[e.pk]),
            reverse("evaluation:ballot_decrypt", args=[rnd.pk])]
    for user in (outsider, foreign_secretariat):
        client_for(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        r = client.post(reverse("evaluation:ballot_cast", args=[e.pk]), "{}",
                        content_type="application/json")
        assert r.status_code == 404
    client_for(client, foreign_secretariat)
    assert client.post(reverse("evaluation:ballot_close", args=[rnd.pk])).status_code == 404
    assert client.post(reverse("evaluation:ballot_open",
                               args=[w.session.pk])).status_code == 404


def test_a_trustee_finds_the_round_to_decrypt(world, client):
    import datetime

    w = world
    client_for(client, w.trustee_user)
    page = client.get(reverse("evaluation:ballot_trustee")).content.decode()
    assert "受托人 3" in page and "尚未开始投票" in page
    BallotRound.objects.create(
        session=w.session, number=1, present=[], members=4, opened_by=w.secretariat,
        opened_at=datetime.datetime(2017, 9, 20, 2, tzinfo=datetime.UTC),
        state=RoundState.CLOSED)
    page = client.get(reverse("evaluation:ballot_trustee")).content.decode()
    assert 'data-testid="decrypt-link"' in page
