"""A draft with an ID-card scan, over HTTP (issue 8): every official gets 404 on the page, the
API and the download; a request's recipient opens only that request's proofs and still gets
404 on the ID card."""

import pytest
from applying import upload
from factories import (
    DeclarationFactory,
    UnitFactory,
    submitted_once,
)
from transitions import officials_around

from zhicheng.declarations.models import Channel

pytestmark = pytest.mark.django_db
API = "/api/v1"



def urls(decl, id_card) -> list[str]:
    return [
        f"/declarations/{decl.pk}/",
        f"/materials/declarations/{decl.pk}/",
        f"/materials/declarations/{decl.pk}/id_card/history/",
        f"/materials/files/{id_card.pk}/download/",
        f"{API}/declarations/{decl.pk}",
        f"{API}/declarations/{decl.pk}/timeline",
        f"{API}/materials/declarations/{decl.pk}/slots",
        f"{API}/materials/declarations/{decl.pk}/slots/id_card/history",
        f"{API}/materials/files/{id_card.pk}/download",
        f"{API}/approvals/declarations/{decl.pk}/approvals",
    ]


@pytest.fixture
def draft():
    decl = DeclarationFactory(host_centre=UnitFactory(is_talent_centre=True))
    return decl, upload(decl, "id_card"), upload(decl, "pledge")


@pytest.mark.parametrize("role", ["unit_hr", "talent_centre", "city_office", "series_office",
                                  "secretariat", "regional_office", "expert"])
def test_every_official_gets_404_on_a_draft(client, draft, role):
    decl, id_card, _ = draft
    client.force_login(officials_around(decl)[role])
    for url in urls(decl, id_card):
        assert client.get(url).status_code == 404, url
    assert decl.id_number not in client.get(f"{API}/declarations/").text
    assert client.get(f"{API}/declarations/").json() == {"items": [], "count": 0}


def test_the_applicant_sees_everything_and_the_unit_once_submitted(client, draft):
    decl, id_card, _ = draft
    client.force_login(decl.applicant)
    for url in urls(decl, id_card):
        assert client.get(url).status_code == 200, url
    client.force_login(officials_around(decl)["unit_hr"])
    submitted_once(decl)
    for url in urls(decl, id_card):
        assert client.get(url).status_code == 200, url


# what the draft is, whom the request goes to, the proofs uploaded, which of them they see,
# the slots they see (catalogue order)
CASES = [
    ("prior_approval", {"kind": "exceptional"}, "series_office",
     ["exceptional_conditions_proof", "title_certificate", "continuing_education_certificate"],
     ["title_certificate", "exceptional_conditions_proof"],
     ["education_certificate", "title_certificate", "exceptional_conditions_proof",
      "achievement_proof"]),
    ("talent_market", {"channel": Channel.TALENT_MARKET}, "unit_hr",
     ["achievement_proof", "education_certificate"], ["achievement_proof"],
     ["achievement_proof"]),
    ("hq_channel", {"channel": Channel.CENTRAL_OR_EXTERNAL_BRANCH}, "series_office",
     ["education_certificate", "achievement_proof"], [], []),
    ("entrusted", {"channel": Channel.ENTRUSTED}, "regional_office",
     ["education_certificate", "title_certificate", "achievement_proof"],
     ["education_certificate", "title_certificate"],
     ["education_certificate", "title_certificate"]),
]


@pytest.mark.parametrize(("name", "fields", "recipient", "uploaded", "seen", "slot_codes"),
                         CASES, ids=[c[0] for c in CASES])
def test_a_requests_recipient_sees_only_its_proofs(client, name, fields, recipient, uploaded,
                                                    seen, slot_codes):
    decl = DeclarationFactory(host_centre=UnitFactory(is_talent_centre=True), **fields)
    id_card = upload(decl, "id_card")
    files = {code: upload(decl, code) for code in uploaded}
    people = officials_around(decl)

    client.force_login(people[recipient])
    slots = client.get(f"{API}/materials/declarations/{decl.pk}/slots")
    assert slots.status_code == 200
    assert [s["code"] for s in slots.json()] == slot_codes  # no ID card slot
    assert sorted(f["material_type"] for s in slots.json() for f in s["files"]) == sorted(seen)
    for code, mf in files.items():
        expected = 200 if code in seen else 404
        assert client.get(f"/materials/files/{mf.pk}/download/").status_code == expected, code
        assert client.get(f"{API}/materials/files/{mf.pk}/download").status_code == expected
        assert client.get(f"/materials/declarations/{decl.pk}/{code}/history/"
                          ).status_code == expected
    for url in (f"/materials/files/{id_card.pk}/download/",
                f"{API}/materials/files/{id_card.pk}/download",
                f"/materials/declarations/{decl.pk}/id_card/history/",
                f"{API}/materials/declarations/{decl.pk}/slots/id_card/history",
                f"/declarations/{decl.pk}/", f"{API}/declarations/{decl.pk}",
                f"{API}/declarations/{decl.pk}/timeline"):
        assert client.get(url).status_code == 404, url
    page = client.get(f"/materials/declarations/{decl.pk}/")
    assert page.status_code == 200
    assert "居民身份证" not in page.text and f"/materials/files/{id_card.pk}/" not in page.text
    assert [f"/materials/files/{files[c].pk}/download/" in page.text for c in seen] == \
        [True] * len(seen)
    # nobody can change what they see
    assert client.post(f"/materials/files/{id_card.pk}/remove/").status_code == 404
    for mf in files.values():
        assert client.post(f"/materials/files/{mf.pk}/remove/").status_code == 404

    for role, user in people.items():
        if role == recipient:
            continue
        client.force_login(user)
        assert client.get(f"{API}/materials/declarations/{decl.pk}/slots").status_code == 404
        for mf in files.values():
            assert client.get(f"/materials/files/{mf.pk}/download/").status_code == 404, role
