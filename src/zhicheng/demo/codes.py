"""Check digits for the demo's identifiers, computed rather than typed in by hand."""

from stdnum.cn import uscc

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))


def org_code_check(body: str) -> str:
    """GB 11714 organisation-code check character for an 8-character body."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code(authority_type: str, division: str, org_body: str) -> str:
    """统一社会信用代码 (GB 32100-2015): registration authority + type (e.g. "12" for a
    事业单位, "91" for a company), 6-digit division, 9-character organisation code, check."""
    base = authority_type + division + org_body + org_code_check(org_body)
    return base + uscc.calc_check_digit(base)


def id_number(first17: str) -> str:
    """18-digit 居民身份证号码 with its GB 11643 check digit (ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]
