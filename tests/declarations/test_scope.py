"""A draft is the applicant's until submitted (issue 8): officials' scopes cover every state
but `draft`, and a draft reaches an official only through a request that names them."""

import pytest
from factories import (
    DeclarationFactory,
    UnitFactory,
    applicant,
    submitted_once,
)
from transitions import officials_around

from zhicheng.core.domain.scopes import assignments_of
from zhicheng.declarations.domain.scope import (
    DRAFT_REQUESTS,
    ScopedQuery,
    access_for,
    covering_assignments,
    request_facts,
    scope_q,
    visible_declarations,
)
from zhicheng.declarations.models import ApprovalCode, Channel, Declaration, State

pytestmark = pytest.mark.django_db
A = ApprovalCode



@pytest.fixture
def draft():
    return DeclarationFactory(host_centre=UnitFactory(is_talent_centre=True))


def test_no_official_sees_a_never_submitted_draft(draft):
    for role, user in officials_around(draft).items():
        assert list(visible_declarations(user)) == [], role
        assert access_for(user, draft) is None, role
        assert not user.has_perm("declarations.view_declaration", draft), role
    assert access_for(draft.applicant, draft).full


def test_once_submitted_it_stays_with_the_officials_who_had_it(draft):
    people = officials_around(draft)
    submitted_once(draft)  # returned for changes: back with the applicant, not a draft
    assert draft.state == State.RETURNED
    for role in ("unit_hr", "talent_centre", "city_office", "series_office",
                 "regional_office"):
        assert list(visible_declarations(people[role])) == [draft], role
        assert access_for(people[role], draft).full, role
    # The committee holds a declaration from hand-over on (the state table), experts never.
    assert list(visible_declarations(people["secretariat"])) == []
    assert access_for(people["expert"], draft) is None
    draft.state = State.ACCEPTED_BY_COMMITTEE
    draft.save()
    assert list(visible_declarations(people["secretariat"])) == [draft]


_STATES = ScopedQuery(lambda scoped: scoped.order_by("pk").values_list("pk", "state"))
_ONE = ScopedQuery(lambda scoped, pk: scoped.filter(pk=pk).values_list("pk")[:1],
                   extra_types=(int,))


def test_scoped_queries_compiled_once_per_shape_give_the_scopes_own_rows(draft):
    """ScopedQuery (the 工作台's and every permission check's queries) answers as the
    queryset of scope_q would, for every role's area, with one compiled query per role and
    area shape; the expert's area (the evaluation app's) runs its queryset."""
    people = officials_around(draft)
    people["applicant"] = draft.applicant
    submitted_once(draft)
    others = [DeclarationFactory(unit=draft.unit, committee=draft.committee, state=state)
              for state in (State.SUBMITTED, State.ACCEPTED_BY_COMMITTEE, State.DRAFT)]
    others.append(DeclarationFactory(state=State.SUBMITTED))  # elsewhere
    for _round in range(2):  # the second round runs the compiled queries
        for role, user in people.items():
            for a in assignments_of(user):
                plain = Declaration.objects.filter(scope_q(a))
                rows = list(plain.order_by("pk").values_list("pk", "state"))
                assert _STATES.list(a) == rows, role
                for decl in [draft, *others]:
                    assert bool(_ONE.list(a, decl.pk)) == (decl.pk in dict(rows)), role
                covering = covering_assignments(user, draft)
                assert covering == [a for a in assignments_of(user)
                                    if plain.filter(pk=draft.pk).exists()], role
    assert set(_STATES._prepared) == {
        ("applicant", "applicant"), ("unit_hr", "unit"), ("talent_centre", "host_centre"),
        ("office", "city_office"), ("office", "series_office"),
        ("regional_office", "everything"), ("secretariat", "committee")}
    assert dict(_STATES.list(people["unit_hr"].assignments.get())) == {
        draft.pk: State.RETURNED, others[0].pk: State.SUBMITTED,
        others[1].pk: State.ACCEPTED_BY_COMMITTEE}


# kind/channel of the draft, the approval codes it needs, who receives them, proofs they see
CASES = [
    ({"kind": "no_title", "current_level": ""}, [A.SERIES_OFFICE_PRIOR_APPROVAL],
     "series_office", {"education_certificate", "title_certificate",
                       "exceptional_conditions_proof", "achievement_proof"}),
    ({"channel": Channel.TALENT_MARKET}, [A.UNIT_CONSENT, A.UNIT_ASSESSMENT_OPINION],
     "unit_hr", {"achievement_proof"}),
    ({"channel": Channel.CENTRAL_OR_EXTERNAL_BRANCH}, [A.HQ_CHANNEL_OPINION_FILED],
     "series_office", set()),  # the office the committee belongs to
    ({"channel": Channel.ENTRUSTED}, [A.HOME_PROVINCE_ENTRUSTMENT, A.REGIONAL_OFFICE_APPROVAL],
     "regional_office", {"title_certificate", "education_certificate"}),
]


@pytest.mark.parametrize(("fields", "codes", "recipient", "proofs"), CASES)
def test_a_request_shows_the_draft_to_its_recipient_only(fields, codes, recipient, proofs):
    decl = DeclarationFactory(host_centre=UnitFactory(is_talent_centre=True), **fields)
    people = officials_around(decl)
    for role, user in people.items():
        access = access_for(user, decl)
        if role != recipient:
            assert access is None, role
            continue
        assert not access.full
        assert [r.code for r in access.requests] == codes
        assert {c for c in proofs | {"id_card", "pledge", "social_insurance_proof"}
                if access.sees_material(c)} == proofs
        assert not access.sees_material("id_card")
        # the request's page still shows nothing else: the declaration is not in any list
        assert list(visible_declarations(user)) == []


def test_the_id_card_is_in_no_request():
    assert all("id_card" not in r.materials for r in DRAFT_REQUESTS.values())
    assert set(DRAFT_REQUESTS) == set(ApprovalCode.values)


def test_request_facts_are_the_requests_own_and_never_the_id_number():
    decl = DeclarationFactory(channel=Channel.CENTRAL_OR_EXTERNAL_BRANCH,
                              applicant=applicant(real_name="韦小宝"))
    facts = request_facts(decl, A.HQ_CHANNEL_OPINION_FILED)
    assert facts == [("申报人", "韦小宝"), ("申报单位", decl.unit.name), ("系列", "工程"),
                     ("申报级别", "副高级"), ("申报类型", "正常申报"),
                     ("申报途径", "中直／外省驻桂单位申报"), ("评委会", str(decl.committee)),
                     ("状态", "草稿")]
    assert decl.id_number not in repr(request_facts(decl, A.SERIES_OFFICE_PRIOR_APPROVAL))
