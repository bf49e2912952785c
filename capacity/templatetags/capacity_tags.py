from django import template

from instrument.scoring import format_id

register = template.Library()


@register.filter
def share_percent(share, places=1):
    """A coverage.Share as an Indonesian percentage, rounded half up ('66,7%'); '–' when
    nobody is counted."""
    if share is None or share.percent is None:
        return "–"
    return f"{format_id(share.percent, int(places))}%"


@register.filter
def meets(share, target):
    return share is not None and share.meets(target)


@register.filter
def percent_of(fraction, places=0):
    return f"{format_id(fraction * 100, int(places))}%"


@register.simple_tag(takes_context=True)
def sees_people(context) -> bool:
    """Whether the signed-in user may see names in this institution (for the section menu)."""
    from capacity.access import can_see_people

    request = context["request"]
    return can_see_people(request.user, request.institution)
