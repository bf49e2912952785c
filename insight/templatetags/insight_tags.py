from fractions import Fraction

from django import template

from insight.sources import KIND_LABELS

register = template.Library()


@register.filter
def exact(value):
    """Full precision: a terminating decimal in full (3,282), else the fraction (79/24)."""
    if value is None:
        return "–"
    value = Fraction(value)
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator, twos = denominator // 2, twos + 1
    while denominator % 5 == 0:
        denominator, fives = denominator // 5, fives + 1
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    from instrument.scoring import format_id

    return format_id(value, max(twos, fives))


@register.filter
def kind_label(kind):
    return KIND_LABELS.get(kind, kind)


@register.filter
def level(value):
    """A level: whole as is (3), fractional with two decimals (2,40); none as a dash."""
    if value is None:
        return "–"
    from instrument.scoring import format_id

    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else format_id(value)
