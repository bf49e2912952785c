"""The NIP, the 18-digit number of an Indonesian civil servant, and what it encodes.

    1985 03 12   2010 01   1   003
    birth date   TMT CPNS  sex serial

Digits 1–8 are the birth date (YYYYMMDD), 9–14 the year and month of appointment, 15 the sex
(1 man, 2 woman), 16–18 a serial number. The NI of a PPPK employee has the same layout with
"21" in place of the appointment month (PPPK exist since 2019).

Pure: no Django. Errors carry a code and parameters; the pages turn them into sentences.
"""

from dataclasses import dataclass, field
from datetime import date

LENGTH = 18
EARLIEST_BIRTH_YEAR = 1940
MIN_APPOINTMENT_AGE = 18
MAX_APPOINTMENT_AGE = 60
PPPK_CODE = 21
FIRST_PPPK_YEAR = 2019
SEPARATORS = " .-"


class NIPError(ValueError):
    """Why a text is not a plausible NIP: `code` names the check, `params` the details."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class NIP:
    number: str
    birth_date: date
    appointment_year: int
    appointment_month: int | None  # None in an NI PPPK
    sex: str  # "L" or "P"
    serial: int = field(default=0)

    @property
    def is_pppk(self) -> bool:
        return self.appointment_month is None


def normalize(text) -> str:
    """The digits as typed, without the spaces, dots and dashes people write them with."""
    text = "" if text is None else str(text)
    if text.endswith(".0") and text[:-2].isdigit():  # a number cell read from a spreadsheet
        text = text[:-2]
    return "".join(ch for ch in text.strip() if ch not in SEPARATORS)


def _birth_date(digits: str, today: date) -> date:
    try:
        born = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise NIPError("birth_date", text=digits[0:8]) from None
    if born.year < EARLIEST_BIRTH_YEAR or born > today:
        raise NIPError("birth_year", born=born)
    return born


def _appointment(digits: str, born: date, today: date, pppk: bool | None) -> tuple[int, int | None]:
    year, month = int(digits[8:12]), int(digits[12:14])
    if month == PPPK_CODE:
        if pppk is False:
            raise NIPError("pppk_code")
        if year < FIRST_PPPK_YEAR:
            raise NIPError("pppk_year", year=year, first=FIRST_PPPK_YEAR)
        checked_month = 1
    elif 1 <= month <= 12:
        checked_month = month
    else:
        raise NIPError("appointment_month", month=digits[12:14])
    if (year, checked_month) > (today.year, today.month):
        raise NIPError("appointment_future", year=year, month=checked_month)
    age = year - born.year - ((checked_month, 1) < (born.month, born.day))
    if not MIN_APPOINTMENT_AGE <= age <= MAX_APPOINTMENT_AGE:
        raise NIPError("appointment_age", age=age, low=MIN_APPOINTMENT_AGE, high=MAX_APPOINTMENT_AGE)
    return year, (None if month == PPPK_CODE else month)


def parse_nip(text, today: date, pppk: bool | None = None) -> NIP:
    """The NIP in `text` with what it encodes, or NIPError for the first implausible part.

    `pppk`: True for a PPPK employee, False for a PNS (who cannot hold the PPPK code), None
    when unknown. Checks, in order: 18 digits; a real birth date, not before 1940 nor in the
    future; appointment month 1–12 (or 21 for PPPK, from 2019); appointment not in the future
    and between age 18 and 60; sex digit 1 or 2; serial not 000.
    """
    digits = normalize(text)
    if not digits.isdigit():
        raise NIPError("digits")
    if len(digits) != LENGTH:
        raise NIPError("length", length=len(digits), expected=LENGTH)
    born = _birth_date(digits, today)
    year, month = _appointment(digits, born, today, pppk)
    if digits[14] not in "12":
        raise NIPError("sex", digit=digits[14])
    serial = int(digits[15:18])
    if serial == 0:
        raise NIPError("serial")
    return NIP(
        number=digits,
        birth_date=born,
        appointment_year=year,
        appointment_month=month,
        sex="L" if digits[14] == "1" else "P",
        serial=serial,
    )
