from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

HEALTH = {
    "up": ("confirmed", _("berjalan")),
    "degraded": ("medium", _("bermasalah")),
    "down": ("low", _("mati")),
    "blocked": ("low", _("diblokir")),
    "unknown": ("", _("belum diketahui")),
}


@register.inclusion_tag("portfolio/_health.html")
def health(value):
    """A health badge for a probe result (or a health word); no probe yet = unknown."""
    word = value if isinstance(value, str) else (value.health if value is not None else "unknown")
    css, label = HEALTH.get(word, HEALTH["unknown"])
    return {"css": css, "label": label}


@register.filter
def grade_class(grade: str) -> str:
    if not grade:
        return ""
    return "confirmed" if grade[0] in "AB" else "medium" if grade[0] == "C" else "low"


@register.filter
def get_national(national: dict, code: str) -> str:
    app = national.get(code) if national else None
    return app.name if app else code
