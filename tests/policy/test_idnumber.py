"""GB 11643 resident ID numbers: check digit, birth date, region, sex, 15→18 upgrade."""

import random
from datetime import date

import pytest

from zhicheng.policy import idnumber
from zhicheng.policy.idnumber import IdNumberError

EXAMPLE = "450103198001011233"  # the contract's example
EXAMPLE_15 = "450103800101123"  # its first-generation form
WITH_X = "11010519491231002X"  # the GB 11643 standard's own example


def test_example_is_valid() -> None:
    assert idnumber.validate18(EXAMPLE) == EXAMPLE
    assert idnumber.birth_date(EXAMPLE) == date(1980, 1, 1)
    assert idnumber.sex(EXAMPLE) == "male"
    assert idnumber.province(EXAMPLE) == "45"


def test_standard_example_with_x_check_digit() -> None:
    assert idnumber.check_digit(WITH_X[:17]) == "X"
    assert idnumber.validate18(WITH_X.lower()) == WITH_X
    assert idnumber.sex(WITH_X) == "female"
    assert idnumber.birth_date(WITH_X) == date(1949, 12, 31)


def test_separators_and_spaces_are_compacted() -> None:
    assert idnumber.validate18(" 450103 19800101 1233 ") == EXAMPLE


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("450103198001011234", "wrong check digit 4, expected 3"),
        ("45010319800101123", "must have 18 characters, has 17"),
        ("4501031980010112335", "must have 18 characters, has 19"),
        ("45010319800101123A", "must be 17 digits followed by a digit or X"),
        ("450103198002301235", "birth date 19800230 does not exist"),
        ("990103198001011235", "region code 990103: 99 is not a province code"),
        ("000000198001011234", "region code 000000: 00 is not a province code"),
    ],
)
def test_invalid_numbers_say_why(number: str, reason: str) -> None:
    with pytest.raises(IdNumberError) as exc:
        idnumber.validate18(number)
    assert str(exc.value) == reason


def test_not_found_in_county_table_is_still_valid() -> None:
    # stdnum.cn.ric.validate rejects this (450103 dates from 1983 in its table);
    # numbers were assigned at registration, so we check the province only.
    from stdnum.cn import ric

    assert not ric.is_valid(EXAMPLE)
    assert idnumber.validate18(EXAMPLE) == EXAMPLE


def test_upgrade_15_to_18() -> None:
    assert idnumber.upgrade(EXAMPLE_15) == EXAMPLE
    assert idnumber.upgrade("110105491231002") == WITH_X
    assert idnumber.is_upgrade(EXAMPLE_15, EXAMPLE)
    assert not idnumber.is_upgrade(EXAMPLE, EXAMPLE)


def test_15_digit_numbers_are_validated() -> None:
    assert idnumber.validate(EXAMPLE_15) == EXAMPLE_15
    with pytest.raises(IdNumberError, match="birth date 19800230 does not exist"):
        idnumber.validate("450103800230123")
    with pytest.raises(IdNumberError, match="99 is not a province code"):
        idnumber.validate("990103800101123")
    with pytest.raises(IdNumberError, match="15 digits"):
        idnumber.validate15("45010380010112X")


def test_normalise_finds_one_person_under_either_form() -> None:
    assert idnumber.normalise(EXAMPLE_15) == EXAMPLE
    assert idnumber.normalise(EXAMPLE) == EXAMPLE
    assert idnumber.normalise("11010519491231002x") == WITH_X
    assert idnumber.birth_date(EXAMPLE_15) == date(1980, 1, 1)
    assert idnumber.sex(EXAMPLE_15) == "male"


def test_sex_from_order_code_parity() -> None:
    assert idnumber.sex(idnumber.compose("450103", date(1980, 1, 1), 124)) == "female"
    assert idnumber.sex(idnumber.compose("450103", date(1980, 1, 1), 125)) == "male"


def test_compose_builds_valid_numbers() -> None:
    assert idnumber.compose("450103", date(1980, 1, 1), 123) == EXAMPLE
    with pytest.raises(ValueError):
        idnumber.compose("4501", date(1980, 1, 1), 123)


def test_check_digit_is_stdnums() -> None:
    # idnumber writes stdnum's formula out to keep stdnum's imports out of start-up.
    from stdnum.cn import ric

    rng = random.Random(11643)
    for _ in range(5000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        assert idnumber.check_digit(first17) == ric.calc_check_digit(first17 + "0")
