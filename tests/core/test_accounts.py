"""Officials' accounts are opened by the office above them, within its scope."""

import pytest
from factories import CommitteeFactory, OfficeFactory, UnitFactory, official

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.accounts import create_official_account
from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import City, OfficeKind, Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


def creator_and_assignment(role, **scope):
    user = official(role, **scope)
    return user, RoleAssignment.objects.get(user=user)


def test_city_office_opens_unit_hr_account_for_a_unit_in_its_city():
    office = OfficeFactory(kind=OfficeKind.CITY)
    unit = UnitFactory(city=office.city)
    creator, assignment = creator_and_assignment(Role.OFFICE, office=office)

    user = create_official_account(
        creator=creator, creator_assignment=assignment, username="hr_new", real_name="王芳",
        password="Gx-Strong-2017", role=Role.UNIT_HR, unit=unit)

    a = RoleAssignment.objects.get(user=user)
    assert (a.role, a.unit_id, a.created_by_id) == (Role.UNIT_HR, unit.pk, creator.pk)
    assert user.check_password("Gx-Strong-2017")
    event = AuditEvent.objects.get(action="account.create")
    assert event.actor_id == creator.pk
    assert event.after["username"] == "hr_new"
    assert event.after["role"] == "unit_hr"
    assert "password" not in event.after


def test_city_office_cannot_open_accounts_for_another_citys_unit():
    office = OfficeFactory(kind=OfficeKind.CITY)
    elsewhere = UnitFactory(city=City.objects.create(code="450200", name="柳州市"))
    creator, assignment = creator_and_assignment(Role.OFFICE, office=office)
    with pytest.raises(Refused) as exc:
        create_official_account(creator=creator, creator_assignment=assignment,
                                username="hr_x", real_name="李雷", password="Gx-Strong-2017",
                                role=Role.UNIT_HR, unit=elsewhere)
    assert exc.value.message == "请选择您管辖范围内的单位。"
    assert not User.objects.filter(username="hr_x").exists()
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("role", [Role.REGIONAL_OFFICE, Role.OFFICE, Role.EXPERT])
def test_unit_hr_cannot_open_official_accounts(role):
    unit = UnitFactory()
    creator, assignment = creator_and_assignment(Role.UNIT_HR, unit=unit)
    with pytest.raises(Refused) as exc:
        create_official_account(creator=creator, creator_assignment=assignment,
                                username="x1", real_name="某人", password="Gx-Strong-2017",
                                role=role, unit=unit)
    assert exc.value.code == "wrong_role"
    assert "官员账号由其上级职改部门开设" in exc.value.message


def test_secretariat_opens_expert_accounts_for_its_committee_only_with_a_pool_entry():
    committee = CommitteeFactory()
    creator, assignment = creator_and_assignment(Role.SECRETARIAT, committee=committee)
    with pytest.raises(Refused) as exc:  # not from the account page: from the pool (评委库)
        create_official_account(creator=creator, creator_assignment=assignment, username="exp0",
                                real_name="孙教授", password="Gx-Strong-2017", role=Role.EXPERT,
                                committee=committee)
    assert exc.value.code == "pool_only"
    assert not User.objects.filter(username="exp0").exists()
    from zhicheng.core.domain.accounts import creatable_roles
    assert creatable_roles(assignment) == []
    create_official_account(creator=creator, creator_assignment=assignment, username="exp1",
                            real_name="赵教授", password="Gx-Strong-2017", role=Role.EXPERT,
                            committee=committee, pool_entry=True)
    with pytest.raises(Refused):
        create_official_account(creator=creator, creator_assignment=assignment,
                                username="exp2", real_name="钱教授",
                                password="Gx-Strong-2017", role=Role.EXPERT,
                                committee=CommitteeFactory(), pool_entry=True)


def test_weak_password_and_duplicate_username_are_refused_without_a_trace():
    office = OfficeFactory(kind=OfficeKind.CITY)
    unit = UnitFactory(city=office.city)
    creator, assignment = creator_and_assignment(Role.OFFICE, office=office)
    with pytest.raises(Refused) as exc:
        create_official_account(creator=creator, creator_assignment=assignment,
                                username="weak", real_name="孙", password="12345678",
                                role=Role.UNIT_HR, unit=unit)
    assert exc.value.message.startswith("密码不符合要求：")
    with pytest.raises(Refused) as exc:
        create_official_account(creator=creator, creator_assignment=assignment,
                                username=creator.username, real_name="孙",
                                password="Gx-Strong-2017", role=Role.UNIT_HR, unit=unit)
    assert exc.value.message == f"用户名「{creator.username}」已被使用。"
    assert RoleAssignment.objects.filter(role=Role.UNIT_HR).count() == 0
    assert AuditEvent.objects.count() == 0


def test_account_page_creates_and_lists(client):
    office = OfficeFactory(kind=OfficeKind.CITY)
    unit = UnitFactory(city=office.city)
    creator = official(Role.OFFICE, office=office)
    client.force_login(creator)
    response = client.post("/accounts/", {
        "username": "hr_page", "real_name": "周敏", "mobile": "13800000000",
        "password": "Gx-Strong-2017", "role": "unit_hr", "unit": unit.pk}, follow=True)
    assert "已开设账号「hr_page」（周敏）。" in response.text
    assert "hr_page" in response.text
    bad = client.post("/accounts/", {"username": "hr_bad", "real_name": "周", "mobile": "123",
                                     "password": "Gx-Strong-2017", "role": "unit_hr",
                                     "unit": unit.pk})
    assert "手机号码应为以1开头的11位数字。" in bad.text
    assert not User.objects.filter(username="hr_bad").exists()


def test_account_page_is_404_for_roles_that_open_no_accounts(client):
    client.force_login(official(Role.UNIT_HR, unit=UnitFactory()))
    assert client.get("/accounts/").status_code == 404
