"""Notices to people, in the product and by e-mail. Idempotent by key: running a reminder twice
sends it once."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import Campaign, Notice, UnitAssessment
from orgs.models import Role

User = get_user_model()


def notify(users, institution, *, kind: str, title: str, body: str, link: str, key: str) -> int:
    """Create one notice per user (skipping those who already have `key`) and e-mail it."""
    sent = 0
    for user in users:
        try:
            with transaction.atomic():
                Notice.objects.create(
                    user=user, institution=institution, kind=kind, title=title, body=body, link=link, key=key
                )
        except IntegrityError:
            continue
        if user.email:
            send_mail(title, f"{body}\n\n{settings.SITE_URL}{link}", None, [user.email], fail_silently=True)
        sent += 1
    return sent


def unit_people(unit_ids):
    return User.objects.filter(
        is_active=True,
        memberships__unit_id__in=unit_ids,
        memberships__role__in=[Role.UNIT_OPERATOR, Role.UNIT_HEAD],
    ).distinct()


def campaign_opened(campaign_id: int) -> int:
    campaign = Campaign.objects.select_related("institution").get(pk=campaign_id)
    total = 0
    for assessment in campaign.assessments.select_related("unit"):
        link = reverse("assessment:workspace", args=[campaign.institution.slug, assessment.pk])
        total += notify(
            unit_people([assessment.unit_id]),
            campaign.institution,
            kind="campaign.opened",
            title=_("Periode penilaian %(name)s dibuka") % {"name": campaign.name},
            body=_("%(unit)s diminta mengisi penilaian mandiri paling lambat %(deadline)s.")
            % {"unit": assessment.unit.name, "deadline": _format(assessment.deadline, campaign)},
            link=link,
            key=f"opened-{assessment.pk}",
        )
    return total


def assessment_submitted(assessment_id: int) -> int:
    assessment = UnitAssessment.objects.select_related("campaign__institution", "unit").get(pk=assessment_id)
    institution = assessment.campaign.institution
    verifiers = User.objects.filter(
        is_active=True, memberships__institution=institution, memberships__role=Role.VERIFIER
    ).distinct()
    return notify(
        verifiers,
        institution,
        kind="assessment.submitted",
        title=_("%(unit)s mengirim penilaian mandiri") % {"unit": assessment.unit.name},
        body=_("Penilaian %(unit)s untuk %(campaign)s (putaran %(round)s) siap diverifikasi.")
        % {"unit": assessment.unit.name, "campaign": assessment.campaign.name, "round": assessment.round},
        link=reverse("assessment:workspace", args=[institution.slug, assessment.pk]),
        key=f"submitted-{assessment.pk}-{assessment.round}",
    )


def deadline_reminders(now=None) -> int:
    """Remind units not yet submitted 7 days and 1 day before their deadline."""
    now = now or timezone.now()
    total = 0
    for days in (7, 1):
        due = UnitAssessment.objects.filter(
            campaign__status=Campaign.OPEN,
            status__in=UnitAssessment.EDITABLE,
            deadline__gt=now,
            deadline__lte=now + timedelta(days=days),
        ).select_related("campaign__institution", "unit")
        for assessment in due:
            campaign = assessment.campaign
            total += notify(
                unit_people([assessment.unit_id]),
                campaign.institution,
                kind="assessment.deadline",
                title=_("Batas pengisian %(name)s tinggal %(days)s hari")
                % {"name": campaign.name, "days": days},
                body=_("%(unit)s belum mengirim penilaian mandiri; batasnya %(deadline)s.")
                % {"unit": assessment.unit.name, "deadline": _format(assessment.deadline, campaign)},
                link=reverse("assessment:workspace", args=[campaign.institution.slug, assessment.pk]),
                key=f"deadline-{days}-{assessment.pk}-{assessment.deadline:%Y%m%d%H%M}",
            )
    return total


def _format(moment, campaign) -> str:
    local = timezone.localtime(moment, timezone=_zone(campaign.institution.time_zone))
    return f"{local:%d-%m-%Y %H:%M} {campaign.institution.zone_abbreviation}"


def _zone(name):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
