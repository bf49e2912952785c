from django import template

from review.levels import show

register = template.Library()


@register.filter
def level(value):
    """A level as people read it: '3', or '1,25' for partial credit; '–' when there is none."""
    return show(value)
