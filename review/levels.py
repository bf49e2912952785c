"""Levels and assessed values kept exactly.

Pemdi allows partial credit, and an assessor's partial credit is not always a finite decimal
(7/6), so a verified or final level is stored as the exact fraction's text ("3", "5/4", "7/6")
and read back as a `Fraction`. Whole levels stay whole numbers in the text.
"""

from fractions import Fraction

from django.db import models
from django.utils.translation import gettext as _

from instrument.scoring import format_id, parse_value


class LevelField(models.CharField):
    """A level as an exact Fraction; NULL when not (yet) given."""

    description = "An exact level or assessed value"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return None if value is None else Fraction(value)

    def to_python(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, Fraction):
            return value
        return parse_value(value, fractional=True)

    def get_prep_value(self, value):
        value = self.to_python(value)
        return None if value is None else str(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else str(value)


def as_engine_value(value: Fraction) -> int | Fraction:
    """What the scoring engine takes: whole levels as int, partial credit as Fraction."""
    return value.numerator if value.denominator == 1 else value


def show(value) -> str:
    """A level for people: '3' for whole levels, '1,25' (two decimals, Indonesian) otherwise."""
    if value is None:
        return "–"
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else format_id(value)


def parse_level(raw, version, *, lowest=None, highest=None) -> Fraction:
    """A level typed by a verifier ("3", "1,25", "7/6"), checked against the framework's scale
    (whole levels unless the framework allows partial credit) and the optional bounds."""
    fractional = version.values.get("fractional", False)
    try:
        value = parse_value(raw if not isinstance(raw, str) else raw.strip(), fractional)
    except ValueError:
        if fractional:
            raise ValueError(_("Nilai harus angka, misalnya 3 atau 1,25.")) from None
        raise ValueError(_("Level harus bilangan bulat.")) from None
    low = Fraction(version.values["min"]) if lowest is None else Fraction(lowest)
    high = Fraction(version.values["max"]) if highest is None else Fraction(highest)
    if not low <= value <= high:
        raise ValueError(
            _("Nilai harus antara %(low)s dan %(high)s.") % {"low": show(low), "high": show(high)}
        )
    return value


def level_name(version, indicator, value) -> str:
    """The scale's name of the whole level in `value` (partial credit: of the level reached)."""
    if value is None:
        return ""
    names = version.level_names(indicator.scale)
    whole = int(Fraction(value))
    return names.get(str(whole)) or names.get(whole) or ""
