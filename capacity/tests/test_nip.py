"""NIP validation: 18 digits encoding birth date, appointment, sex and a serial."""

from datetime import date

import pytest

from capacity.nip import NIPError, normalize, parse_nip

TODAY = date(2026, 5, 15)


def refused(text, **kwargs) -> str:
    with pytest.raises(NIPError) as caught:
        parse_nip(text, TODAY, **kwargs)
    return caught.value.code


def test_valid_nip_and_what_it_encodes():
    nip = parse_nip("198503122010012003", TODAY)
    assert nip.birth_date == date(1985, 3, 12)
    assert (nip.appointment_year, nip.appointment_month) == (2010, 1)
    assert nip.sex == "P" and nip.serial == 3 and not nip.is_pppk


def test_separators_are_ignored():
    assert parse_nip("19850312 201001 1 003", TODAY).number == "198503122010011003"
    assert normalize("19850312.201001.1.003") == "198503122010011003"


@pytest.mark.parametrize("text", ["19850312201001100", "1985031220100110031", "", "1985"])
def test_wrong_length(text):
    assert refused(text) in {"length", "digits"}


def test_length_error_says_how_long():
    with pytest.raises(NIPError) as caught:
        parse_nip("19850312201001100", TODAY)
    assert caught.value.code == "length" and caught.value.params == {"length": 17, "expected": 18}


def test_letters_refused():
    assert refused("19850312201001100A") == "digits"


@pytest.mark.parametrize("birth", ["19850230", "19851301", "19850000", "19850431"])
def test_impossible_birth_date(birth):
    assert refused(f"{birth}2010011003") == "birth_date"


def test_birth_date_too_early_or_in_the_future():
    assert refused("193012122010011003") == "birth_year"
    assert refused("202701012010011003") == "birth_year"


@pytest.mark.parametrize("month", ["00", "13", "20", "99"])
def test_impossible_appointment_month(month):
    assert refused(f"198503122010{month}1003") == "appointment_month"


def test_appointment_in_the_future():
    assert refused("198503122026061003") == "appointment_future"
    assert parse_nip("198503122026051003", TODAY).appointment_month == 5  # this month is fine


def test_appointment_age_must_be_plausible():
    assert refused("198503122001011003") == "appointment_age"  # appointed at 15
    assert refused("195003122015011003") == "appointment_age"  # appointed at 64
    assert parse_nip("198503122003041003", TODAY).appointment_year == 2003  # 18 and a month


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_impossible_sex_digit(digit):
    assert refused(f"19850312201001{digit}003") == "sex"


def test_serial_000_refused():
    assert refused("198503122010011000") == "serial"


def test_pppk_code_21():
    nip = parse_nip("199005152023212001", TODAY, pppk=True)
    assert nip.is_pppk and nip.appointment_year == 2023 and nip.sex == "P"
    assert parse_nip("199005152023212001", TODAY).is_pppk  # employment unknown
    assert refused("199005152023212001", pppk=False) == "pppk_code"  # a PNS cannot hold it
    assert refused("199005152015212001") == "pppk_year"  # no PPPK before 2019
