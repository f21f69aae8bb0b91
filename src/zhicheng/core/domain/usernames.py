"""Login names are not ID numbers: an ID number in a username travels into every place that
names the account (API fields such as uploaded_by, audit events, lockout logs)."""

import re

from zhicheng.core.domain.errors import Refused

# A run of 15 or more digits, or 17 digits and X: an ID number (valid or not) in either form.
ID_LIKE = re.compile(r"\d{17}[Xx]|\d{15,}")
# Letters first, then letters, digits, "_" "." "-"; no run of six digits, so neither an ID
# number nor a mobile number nor a birth date fits in one.
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{3,29}$")
DIGIT_RUN = re.compile(r"\d{6,}")
USERNAME_RULE = ("4～30个字符，以英文字母开头，可含字母、数字、下划线、点和连字符，"
                 "不能含连续6位以上数字")


def contains_id_number(text: str) -> bool:
    return bool(ID_LIKE.search(text or ""))


def check_username(name: str) -> str:
    """The chosen login name, stripped, or Refused saying what is wrong."""
    name = (name or "").strip()
    if not name:
        raise Refused("请填写用户名。", code="username")
    if contains_id_number(name) or DIGIT_RUN.search(name):
        raise Refused("用户名不能使用身份证号码、手机号码或其他连续6位以上的数字："
                      "用户名会在系统中显示给经办人员，身份证号码须保密。", code="username")
    if not USERNAME.match(name):
        raise Refused(f"用户名应为{USERNAME_RULE}。", code="username")
    return name


def _mask_run(match: re.Match) -> str:
    run = match.group(0)
    return run[:6] + "*" * (len(run) - 10) + run[-4:]


def account_label(user) -> str:
    """How API output names an account: its username, with any ID number in it masked (the
    migration renames such accounts; this holds for any written before or around it)."""
    return ID_LIKE.sub(_mask_run, user.get_username()) if user is not None else ""


def person_label(user) -> str:
    """A person as API output names them: the real name, else account_label."""
    return (user.real_name or account_label(user)) if user is not None else ""
