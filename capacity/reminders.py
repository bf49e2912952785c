"""Reminders about certifications that are about to expire, as product notices and e-mail.

Idempotent: the notice key carries the certification and its expiry date, so running the
reminder every day tells each person once (and again only if the expiry date changes)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessment.notices import notify, unit_people
from capacity.catalogue import catalogue
from capacity.models import Certification
from orgs.models import Role

User = get_user_model()


def _recipients(certification):
    """The unit's operators and head; the institution admins when the unit has nobody."""
    people = unit_people([certification.staff.unit_id])
    if people.exists():
        return people
    return User.objects.filter(
        is_active=True,
        memberships__institution_id=certification.staff.institution_id,
        memberships__role=Role.INSTITUTION_ADMIN,
    ).distinct()


def certification_reminders(today=None) -> int:
    """Notify about certifications of active staff expiring within the warning period."""
    today = today or timezone.localdate()
    days = catalogue().expiry_warning_days
    due = Certification.objects.filter(
        staff__is_active=True, expires_on__gte=today, expires_on__lte=today + timedelta(days=days)
    ).select_related("staff__unit", "staff__institution")
    sent = 0
    for certification in due:
        staff = certification.staff
        sent += notify(
            _recipients(certification),
            staff.institution,
            kind="capacity.certification",
            title=_("Sertifikasi %(name)s akan kedaluwarsa") % {"name": staff.name},
            body=_("%(cert)s milik %(name)s (%(unit)s) berlaku sampai %(day)s.")
            % {
                "cert": certification.name,
                "name": staff.name,
                "unit": staff.unit.short_name,
                "day": date_format(certification.expires_on, "j F Y"),
            },
            link=reverse("capacity:staff_detail", args=[staff.institution.slug, staff.pk]),
            key=f"cert-expiry-{certification.pk}-{certification.expires_on:%Y%m%d}",
        )
    return sent
