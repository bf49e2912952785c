from django import template

from instrument.scoring import format_id

register = template.Library()


@register.filter
def idnum(value, places=2):
    """A number in Indonesian notation, rounded half up: 4.075 -> '4,08'."""
    if value is None or value == "":
        return "–"
    return format_id(value, int(places))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def input_number(value):
    """A value for an <input type=number>: dot decimal, no trailing zeros (Fraction(63, 50) -> '1.26')."""
    if value is None:
        return ""
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return text or "0"
