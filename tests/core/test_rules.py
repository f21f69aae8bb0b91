import pytest
from factories import CommitteeFactory, DeclarationFactory, OfficeFactory, UnitFactory, official

from zhicheng.core.models import City, OfficeKind, Role, RoleAssignment
from zhicheng.declarations.domain.scope import visible_declarations
from zhicheng.declarations.models import State

pytestmark = pytest.mark.django_db


def test_open_accounts_permission_follows_the_assignment():
    office_user = official(Role.OFFICE, office=OfficeFactory())
    unit_user = official(Role.UNIT_HR, unit=UnitFactory())
    office_a = RoleAssignment.objects.get(user=office_user)
    unit_a = RoleAssignment.objects.get(user=unit_user)
    assert office_user.has_perm("core.open_accounts", office_a)
    assert not unit_user.has_perm("core.open_accounts", unit_a)
    assert not unit_user.has_perm("core.open_accounts", office_a)  # someone else's


def test_scopes_of_each_role():
    nanning = City.objects.create(code="450100", name="南宁市")
    liuzhou = City.objects.create(code="450200", name="柳州市")
    in_nanning = DeclarationFactory(unit=UnitFactory(city=nanning), state=State.SUBMITTED)
    in_liuzhou = DeclarationFactory(unit=UnitFactory(city=liuzhou), state=State.SUBMITTED)
    city_office = official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.CITY, city=nanning))
    series_office = official(Role.OFFICE, office=in_nanning.committee.office)
    secretariat = official(Role.SECRETARIAT, committee=in_liuzhou.committee)
    region = official(Role.REGIONAL_OFFICE,
                      office=OfficeFactory(kind=OfficeKind.REGIONAL, city=None))
    expert = official(Role.EXPERT, committee=CommitteeFactory())

    def pks(user):
        return sorted(visible_declarations(user).values_list("pk", flat=True))

    assert pks(city_office) == [in_nanning.pk]
    assert pks(series_office) == [in_nanning.pk, in_liuzhou.pk]  # same series
    assert pks(secretariat) == []  # a committee holds declarations from hand-over on
    assert pks(region) == [in_nanning.pk, in_liuzhou.pk]
    assert pks(expert) == []
    assert pks(in_nanning.applicant) == [in_nanning.pk]
    assert city_office.has_perm("declarations.view_declaration", in_nanning)
    assert not city_office.has_perm("declarations.view_declaration", in_liuzhou)
