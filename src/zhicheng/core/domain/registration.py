"""Applicants register under their real name and ID number; one account per person.

The login name is one the applicant chooses, never the ID number: the name is shown to the
officials who handle the file and written into the audit trail, the ID number must not be.
Chosen rather than generated so that it can be remembered; logging in with the ID number
still works (zhicheng.core.auth)."""

import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zhicheng.audit.domain import record
from zhicheng.core.domain.errors import Refused
from zhicheng.core.domain.idnumbers import require_valid_18
from zhicheng.core.domain.usernames import check_username
from zhicheng.core.models import Role, RoleAssignment, User

MOBILE = re.compile(r"^1[3-9]\d{9}$")
NAME = re.compile(r"^[\u4e00-\u9fff·]{2,20}$|^[A-Za-z][A-Za-z .'-]{1,39}$")


def register_applicant(*, username: str, real_name: str, id_number: str, mobile: str,
                       password: str) -> User:
    """Open an applicant account under the chosen login name."""
    username = check_username(username)
    real_name = real_name.strip()
    if not NAME.match(real_name):
        raise Refused("请填写与身份证一致的真实姓名。", code="real_name")
    number = require_valid_18(id_number)
    mobile = mobile.strip()
    if not MOBILE.match(mobile):
        raise Refused("手机号码应为以1开头的11位数字。", code="mobile")
    user = User(username=username, real_name=real_name, id_number=number, mobile=mobile)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Refused("密码不符合要求：" + "；".join(exc.messages), code="password") from None
    user.set_password(password)
    duplicate = Refused("该身份证号码已注册。每人只能注册一个账号，请直接登录；"
                        "如忘记密码，请联系所在单位。", code="duplicate")
    if User.objects.filter(id_number=number).exists():
        raise duplicate
    taken = Refused(f"用户名「{username}」已被使用，请换一个。", code="username_taken")
    # Case-insensitively: "LiMing" and "liming" would be one person's name to the eye.
    if User.objects.filter(username__iexact=username).exists():
        raise taken
    try:
        with transaction.atomic():
            user.save()
            RoleAssignment.objects.create(user=user, role=Role.APPLICANT)
            record(actor=user, action="account.register", obj=user, role=Role.APPLICANT,
                   scope=f"user:{user.pk}",
                   after={"username": user.username, "real_name": real_name,
                          "mobile": mobile})
    except IntegrityError:
        if User.objects.filter(username=username).exists():
            raise taken from None
        raise duplicate from None
    return user
