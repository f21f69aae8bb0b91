"""Officials' accounts are opened by the office above them; there is no self-service sign-up
for officials (issue 2 §4)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zhicheng.audit.domain import record, snapshot
from zhicheng.core.domain.errors import Refused
from zhicheng.core.domain.usernames import contains_id_number
from zhicheng.core.models import (
    Committee,
    Office,
    OfficeKind,
    Role,
    RoleAssignment,
    Unit,
    User,
)

# Which roles an assignment may open accounts for.
MAY_CREATE: dict[str, frozenset[str]] = {
    Role.REGIONAL_OFFICE: frozenset({Role.REGIONAL_OFFICE, Role.OFFICE, Role.SECRETARIAT,
                                     Role.UNIT_HR, Role.TALENT_CENTRE}),
    Role.OFFICE: frozenset({Role.UNIT_HR, Role.TALENT_CENTRE, Role.SECRETARIAT}),
    Role.SECRETARIAT: frozenset({Role.EXPERT}),
}

ACCOUNT_FIELDS = ["username", "real_name", "mobile", "is_active"]


# An expert's account is opened only with their pool entry (评委库, §5.2; issue 11): the
# evaluation app's add_expert passes pool_entry=True. The account page does not offer it.
WITH_POOL_ENTRY = frozenset({Role.EXPERT})


def creatable_roles(creator: RoleAssignment) -> list[str]:
    allowed = MAY_CREATE.get(creator.role, frozenset()) - WITH_POOL_ENTRY
    return [r for r in Role if r in allowed]


def units_in_scope(creator: RoleAssignment):
    if creator.role == Role.REGIONAL_OFFICE:
        return Unit.objects.all()
    if creator.role == Role.OFFICE and creator.office.kind == OfficeKind.CITY:
        return Unit.objects.filter(city_id=creator.office.city_id)
    return Unit.objects.none()


def offices_in_scope(creator: RoleAssignment):
    if creator.role == Role.REGIONAL_OFFICE:
        return Office.objects.all()
    return Office.objects.none()


def committees_in_scope(creator: RoleAssignment):
    if creator.role == Role.REGIONAL_OFFICE:
        return Committee.objects.all()
    if creator.role == Role.OFFICE:
        return Committee.objects.filter(office_id=creator.office_id)
    if creator.role == Role.SECRETARIAT:
        return Committee.objects.filter(pk=creator.committee_id)
    return Committee.objects.none()


def _check_scope(creator: RoleAssignment, role: str, unit, office, committee) -> None:
    if role not in MAY_CREATE.get(creator.role, frozenset()):
        raise Refused(f"「{creator.get_role_display()}」不能开设「{Role(role).label}」账号；"
                      "官员账号由其上级职改部门开设。", code="wrong_role")
    if role in (Role.UNIT_HR, Role.TALENT_CENTRE):
        if unit is None or not units_in_scope(creator).filter(pk=unit.pk).exists():
            raise Refused("请选择您管辖范围内的单位。", code="out_of_scope")
        if role == Role.TALENT_CENTRE and not unit.is_talent_centre:
            raise Refused("人才交流服务中心账号只能绑定到人才交流服务中心。", code="not_centre")
    elif role in (Role.OFFICE, Role.REGIONAL_OFFICE):
        if office is None or not offices_in_scope(creator).filter(pk=office.pk).exists():
            raise Refused("请选择您管辖范围内的职改办。", code="out_of_scope")
        if (role == Role.REGIONAL_OFFICE) != (office.kind == OfficeKind.REGIONAL):
            raise Refused("自治区职改办账号须绑定自治区职改办，"
                          "其他职改办账号须绑定市或系列职改办。", code="office_kind")
    elif role in (Role.SECRETARIAT, Role.EXPERT) and (
        committee is None or not committees_in_scope(creator).filter(pk=committee.pk).exists()
    ):
        raise Refused("请选择您管辖范围内的评审委员会。", code="out_of_scope")


@transaction.atomic
def create_official_account(
    *,
    creator: User,
    creator_assignment: RoleAssignment,
    username: str,
    real_name: str,
    password: str,
    role: str,
    mobile: str = "",
    unit: Unit | None = None,
    office: Office | None = None,
    committee: Committee | None = None,
    pool_entry: bool = False,
) -> User:
    if creator_assignment.user_id != creator.pk:
        raise Refused("角色授权与当前用户不符。", code="wrong_assignment")
    if role == Role.APPLICANT:
        raise Refused("申报人通过实名注册开设账号，不由职改部门开设。", code="applicant")
    _check_scope(creator_assignment, role, unit, office, committee)
    if role in WITH_POOL_ENTRY and not pool_entry:
        raise Refused("评审专家的账号随其入库一并开设：请在「评委库」中办理入库（§5.2）。",
                      code="pool_only")
    username = username.strip()
    if not username or not real_name.strip():
        raise Refused("用户名和姓名不能为空。", code="required")
    if contains_id_number(username):
        raise Refused("用户名不能使用身份证号码：用户名会在系统中显示，身份证号码须保密。",
                      code="username")
    if User.objects.filter(username=username).exists():
        raise Refused(f"用户名「{username}」已被使用。", code="duplicate")
    user = User(username=username, real_name=real_name.strip(), mobile=mobile.strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Refused("密码不符合要求：" + "；".join(exc.messages), code="password") from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Refused(f"用户名「{username}」已被使用。", code="duplicate") from None
    assignment = RoleAssignment.objects.create(
        user=user, role=role, unit=unit, office=office, committee=committee, created_by=creator)
    record(actor=creator, action="account.create", obj=user, role=creator_assignment.role,
           scope=creator_assignment.scope_key, after={
               **snapshot(user, ACCOUNT_FIELDS), "role": role,
               "assignment_scope": assignment.scope_key})
    return user
