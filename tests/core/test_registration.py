"""Applicants register under their real name and 18-digit ID number; one account per person."""

import pytest
from factories import id_number

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import Refused
from zhicheng.core.domain.registration import register_applicant
from zhicheng.core.models import Role, RoleAssignment, User
from zhicheng.policy import idnumber

pytestmark = pytest.mark.django_db


def register(**over):
    data = {"username": "liming", "real_name": "李明", "id_number": "450103198001011233",
            "mobile": "13907710000", "password": "Gx-Strong-2017"}
    return register_applicant(**{**data, **over})


def test_registration_opens_an_applicant_account_under_a_chosen_name():
    user = register()
    assert (user.username, user.id_number, user.real_name) == (
        "liming", "450103198001011233", "李明")
    assert RoleAssignment.objects.get(user=user).role == Role.APPLICANT
    assert AuditEvent.objects.get(action="account.register").actor_id == user.pk


@pytest.mark.parametrize(("number", "message"), [
    ("450103198001011234", "身份证号码校验位不正确，请核对是否输错（GB 11643）。"),
    ("450103198002301233", "身份证号码中的出生日期 1980-02-30 不存在。"),
    ("45010319800101123", "身份证号码应为18位，您填写了17位。"),
    ("990103198001011233", "身份证号码的地区码 990103 无效。"),
    ("", "请填写身份证号码。"),
])
def test_bad_id_numbers_are_refused_with_a_reason(number, message):
    with pytest.raises(Refused) as exc:
        register(id_number=number)
    assert exc.value.message == message
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_15_digit_number_is_answered_with_its_18_digit_form():
    old = "450103800101123"
    with pytest.raises(Refused) as exc:
        register(id_number=old)
    assert exc.value.message == (
        f"请填写18位身份证号码。您填写的15位旧号码升位后为 {idnumber.upgrade(old)}。")


def test_one_account_per_person_even_with_lower_case_x():
    number = id_number()
    while not number.endswith("X"):
        number = id_number()
    register(id_number=number)
    with pytest.raises(Refused) as exc:
        register(id_number=number.lower(), real_name="李明", username="liming2")
    assert exc.value.code == "duplicate"
    assert User.objects.count() == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("mobile", "1390771000", "手机号码应为以1开头的11位数字。"),
    ("real_name", "李", "请填写与身份证一致的真实姓名。"),
])
def test_other_bad_input(field, value, message):
    with pytest.raises(Refused) as exc:
        register(**{field: value})
    assert exc.value.message == message


def test_weak_password():
    with pytest.raises(Refused) as exc:
        register(password="12345678")
    assert exc.value.message.startswith("密码不符合要求：")


USERNAME_ID = ("用户名不能使用身份证号码、手机号码或其他连续6位以上的数字：用户名会在系统中"
               "显示给经办人员，身份证号码须保密。")


@pytest.mark.parametrize(("username", "message"), [
    ("450103198001011233", USERNAME_ID),
    ("li450103198001011233", USERNAME_ID),
    ("li45010319800101123x", USERNAME_ID),
    ("li450103800101123", USERNAME_ID),  # the 15-digit form
    ("li13907710000", USERNAME_ID),
    ("", "请填写用户名。"),
    ("li", "用户名应为4～30个字符，以英文字母开头，可含字母、数字、下划线、点和连字符，"
           "不能含连续6位以上数字。"),
    ("李明明明", "用户名应为4～30个字符，以英文字母开头，可含字母、数字、下划线、点和连字符，"
                "不能含连续6位以上数字。"),
])
def test_the_username_is_never_an_id_number(username, message):
    with pytest.raises(Refused) as exc:
        register(username=username)
    assert (exc.value.code, exc.value.message) == ("username", message)
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_taken_username_is_refused_whatever_its_case():
    register()
    with pytest.raises(Refused) as exc:
        register(username="LiMing", id_number=id_number())
    assert (exc.value.code, exc.value.message) == ("username_taken",
                                                   "用户名「LiMing」已被使用，请换一个。")
    assert User.objects.count() == 1


def test_the_audit_event_carries_the_chosen_name_not_the_id_number():
    user = register()
    event = AuditEvent.objects.get(action="account.register")
    assert event.actor_username == "liming"
    assert event.after == {"username": "liming", "real_name": "李明", "mobile": "13907710000"}
    assert user.id_number not in repr(event.__dict__)


def test_the_registration_page_shows_every_error_at_once_with_clean_punctuation(client):
    response = client.post("/register/", {"username": "liming", "real_name": "李" * 21,
                                          "id_number": "450103198001011234",
                                          "mobile": "1390771000", "password": "12345678",
                                          "password2": "12345679"})
    text = response.content.decode()
    assert "请修改标红的 5 项后再提交。" in text
    for message in ("「真实姓名」不能超过 20 个字符（现有 21 个）。",
                    "身份证号码校验位不正确，请核对是否输错（GB 11643）。",
                    "「手机号码」应为以1开头的11位数字。", "两次输入的密码不一致。"):
        assert message in text
    assert "。；" not in text and "确保" not in text
    assert not User.objects.exists()
