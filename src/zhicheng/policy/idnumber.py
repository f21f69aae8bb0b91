"""Resident ID numbers (公民身份号码, GB 11643-1999).

18 digits: region code (6) · birth date YYYYMMDD (8) · order code (3, odd for
men) · check digit (ISO 7064 MOD 11-2, 10 written `X`). First-generation
cards carried 15 digits: region · YYMMDD · order, no check digit; the upgrade to
18 inserts the century `19` and appends the check digit.

The check digit is `stdnum.cn.ric.calc_check_digit`'s one-line formula, written here
(tests compare the two): importing stdnum costs ~50 ms of start-up (its util module
pulls in pydoc, ssl and socket), a large share of a short `eligibility` run. We do not
use `ric.validate`: it also looks the 6-digit region code up in a county table by
*birth year*, and rejects real numbers whose code was created after the
holder's birth (numbers were assigned at registration, e.g. the contract's own
example 450103198001011233: 南宁 450103 dates from 1983). Region codes are
checked here by form and province only. stdnum has no 15-digit support; the
upgrade, sex and normalisation are written here.
"""

from __future__ import annotations

from datetime import date

# GB/T 2260 province-level codes, plus 81/82/83 used by the residence permits
# of Hong Kong, Macao and Taiwan residents (港澳台居民居住证).
PROVINCES: frozenset[str] = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    }
)
GUANGXI = "45"


class IdNumberError(ValueError):
    """The number is not a valid resident ID number; the message says why."""


def compact(number: str) -> str:
    """Without spaces and hyphens, a trailing `x` upper-cased. (`ric.compact` only
    strips the ends, through a character-by-character clean that costs a third
    of an evaluation.)"""
    if not (len(number) in (15, 18) and number.isalnum()):
        number = "".join(number.split()).replace("-", "")
    return number.upper()


def check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 over the first 17 digits (weights 2^k mod 11; read in base 13,
    as 13 ≡ 2 mod 11). The expression is stdnum's `ric.calc_check_digit`."""
    return _CHECK_DIGITS[(1 - 2 * int(first17, 13)) % 11]


_CHECK_DIGITS = "0123456789X"


def _birth(digits8: str) -> date:
    try:
        born = date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:]))
    except ValueError:
        raise IdNumberError(f"birth date {digits8} does not exist") from None
    if born.year < 1800:
        raise IdNumberError(f"birth date {digits8} is not plausible")
    return born


def _region(number: str) -> None:
    if number[:2] not in PROVINCES:
        raise IdNumberError(f"region code {number[:6]}: {number[:2]} is not a province code")


def validate18(number: str) -> str:
    """The canonical 18-character form, or IdNumberError."""
    number = compact(number)
    if len(number) != 18:
        raise IdNumberError(f"must have 18 characters, has {len(number)}")
    if not (number[:17].isdigit() and number[:17].isascii()) or not (
        number[17].isdigit() or number[17] == "X"
    ):
        raise IdNumberError("must be 17 digits followed by a digit or X")
    _region(number)
    _birth(number[6:14])
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise IdNumberError(f"wrong check digit {number[17]}, expected {expected}")
    return number


def validate15(number: str) -> str:
    """A first-generation 15-digit number (no check digit), or IdNumberError."""
    number = compact(number)
    if len(number) != 15 or not (number.isdigit() and number.isascii()):
        raise IdNumberError("a 15-character number must be 15 digits")
    _region(number)
    _birth("19" + number[6:12])
    return number


def validate(number: str) -> str:
    """A valid 15- or 18-digit number in compact form, or IdNumberError."""
    number = compact(number)
    if len(number) == 15:
        return validate15(number)
    return validate18(number)


def upgrade(number15: str) -> str:
    """15 → 18 digits (GB 11643 升位): century 19 inserted, check digit appended.

    Centenarians' order codes 996–999 (born 18xx) are treated like the rest:
    by the time of 2017 declarations they concern nobody who may apply."""
    number15 = validate15(number15)
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_digit(first17)


def normalise(number: str) -> str:
    """The canonical 18-digit form: the key under which one person is found
    whether a record carries the old or the new number."""
    number = validate(number)
    return upgrade(number) if len(number) == 15 else number


def birth_date(number: str) -> date:
    number = normalise(number)
    return _birth(number[6:14])


def sex(number: str) -> str:
    """`male` or `female` from the order code's parity (odd = male)."""
    number = normalise(number)
    return "male" if int(number[16]) % 2 else "female"


def province(number: str) -> str:
    return normalise(number)[:2]


def is_upgrade(old: str, new: str) -> bool:
    """`old` is the 15-digit number whose standard upgrade is `new`."""
    old, new = compact(old), compact(new)
    return len(old) == 15 and len(new) == 18 and upgrade(old) == new


def compose(region: str, born: date, order: int) -> str:
    """A valid 18-digit number from its parts (for fixtures and data generators)."""
    first17 = f"{region}{born:%Y%m%d}{order:03d}"
    if len(first17) != 17:
        raise ValueError("region must be 6 digits and order 0..999")
    return first17 + check_digit(first17)
