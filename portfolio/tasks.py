"""Background probes. The scheduler enqueues `run_due_probes` every few minutes; it probes the
applications whose own schedule (default hourly) is due, with bounded concurrency and at most one
probe per host at a time (see `probe.probe_many`). Results are saved one by one as they arrive,
so a long batch keeps memory flat and a crash loses at most the probes in flight."""

import logging
from datetime import timedelta
from itertools import groupby

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from portfolio import services
from portfolio.models import Application
from portfolio.probe import probe_many, probe_url

log = logging.getLogger(__name__)

BATCH = 500  # applications per run; the rest wait for the next tick
WORKERS = 8  # probes at once
HOST_GAP = 1.0  # seconds between two probes of one host
CLAIM = timedelta(minutes=30)  # how long a batch holds its applications against a second run


def due_applications(now, limit: int = BATCH) -> list[Application]:
    """Claim the due applications: their next probe moves ahead now, so an overlapping run skips
    them; `record_probe` then sets the real next time."""
    due = list(
        Application.objects.probe_due(now)
        .select_related("institution", "owner_unit")
        .order_by(F("next_probe_at").asc(nulls_first=True), "pk")[:limit]
    )
    Application.objects.filter(pk__in=[a.pk for a in due]).update(next_probe_at=now + CLAIM)
    return due


def probe_due(
    now=None, limit: int = BATCH, workers: int = WORKERS, gap: float = HOST_GAP, **overrides
) -> int:
    """Probe every due application; return how many were probed."""
    now = now or timezone.now()
    done = 0
    due = sorted(due_applications(now, limit), key=lambda a: a.institution_id)
    for _institution_id, apps in groupby(due, key=lambda a: a.institution_id):
        apps = list(apps)
        options = services.probe_options(services.settings_for(apps[0].institution), **overrides)
        for application, report in probe_many([(a.url, a) for a in apps], options, workers=workers, gap=gap):
            try:
                services.record_probe(application, report)
            except Exception:  # one bad row must not stop the batch; the next run retries it
                log.exception("probe result of application %s could not be saved", application.pk)
                continue
            done += 1
    return done


@task()
def run_due_probes() -> int:
    return probe_due()


@task()
def probe_application(application_id: int) -> str:
    application = (
        Application.objects.select_related("institution", "owner_unit").filter(pk=application_id).first()
    )
    if application is None or not application.url:
        return "skipped"
    options = services.probe_options(services.settings_for(application.institution))
    result = services.record_probe(application, probe_url(application.url, options))
    return result.grade or ("up" if result.reachable else "down")
