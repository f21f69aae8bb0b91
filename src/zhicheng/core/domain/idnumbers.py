"""Resident ID numbers for people (GB 11643), with Chinese messages for the pages.
The rules themselves live in zhicheng.policy.idnumber; this only explains failures."""

from zhicheng.core.domain.errors import Refused
from zhicheng.policy import idnumber


def explain(number: str) -> str:
    """Why `number` is not a valid 18-digit ID number, in plain Chinese ('' if it is)."""
    n = idnumber.compact(number or "")
    if not n:
        return "请填写身份证号码。"
    if len(n) == 15:
        try:
            return f"请填写18位身份证号码。您填写的15位旧号码升位后为 {idnumber.upgrade(n)}。"
        except idnumber.IdNumberError:
            return "身份证号码无效：15位号码的地区码或出生日期不正确。"
    if len(n) != 18:
        return f"身份证号码应为18位，您填写了{len(n)}位。"
    if not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        return "身份证号码应为17位数字加1位数字或X。"
    if n[:2] not in idnumber.PROVINCES:
        return f"身份证号码的地区码 {n[:6]} 无效。"
    try:
        idnumber.birth_date(n[:17] + idnumber.check_digit(n[:17]))
    except idnumber.IdNumberError:
        return f"身份证号码中的出生日期 {n[6:10]}-{n[10:12]}-{n[12:14]} 不存在。"
    expected = idnumber.check_digit(n[:17])
    if n[17] != expected:
        return "身份证号码校验位不正确，请核对是否输错（GB 11643）。"
    return ""


def require_valid_18(number: str) -> str:
    problem = explain(number)
    if problem:
        raise Refused(problem, code="id_number")
    return idnumber.normalise(number)


def mask_id(number: str, head: int = 6, tail: int = 4) -> str:
    """450103********1234: the region (or less) and the last digits; the birth date hidden.
    The one masking rule of the system: public notices, integrity lists, unit pages."""
    n = len(number)
    if n < head + tail:
        return "*" * n
    return number[:head] + "*" * (n - head - tail) + number[-tail:]
