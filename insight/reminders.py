"""Reminders of overdue coaching actions, to their owner (or, without one, the unit's operators
and head). Idempotent: one reminder per action per overdue week, whatever the number of runs."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.notices import notify, unit_people
from insight.models import Action


def overdue_action_reminders(today=None) -> int:
    today = today or timezone.localdate()
    sent = 0
    overdue = Action.objects.overdue(today).select_related(
        "plan__institution", "plan__unit", "owner", "indicator"
    )
    for action in overdue:
        plan = action.plan
        week = (today - action.due_on).days // 7
        owner = action.owner
        users = [owner] if owner is not None and owner.is_active else list(unit_people([plan.unit_id]))
        sent += notify(
            users,
            plan.institution,
            kind="coaching.overdue",
            title=_("Aksi pembinaan lewat tenggat: %(title)s") % {"title": action.title},
            body=_(
                "%(unit)s: aksi untuk indikator %(label)s (sasaran level %(level)s) bertenggat %(due)s dan "
                "belum selesai. Perbarui kemajuannya."
            )
            % {
                "unit": plan.unit.name,
                "label": action.indicator.label,
                "level": action.target_level,
                "due": action.due_on.strftime("%d-%m-%Y"),
            },
            link=reverse("insight:plan_detail", args=[plan.institution.slug, plan.pk]),
            key=f"action-overdue-{action.pk}-{action.due_on.isoformat()}-{week}",
        )
    return sent
