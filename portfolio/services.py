"""State changes of the portfolio. Each is atomic and audited (probe results are observations of
the worker and are kept as history instead; the findings they open or close are audited)."""

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max, Min, Q
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from portfolio import flags, overlap
from portfolio.classification import label, national_apps
from portfolio.models import (
    Application,
    Disposition,
    Finding,
    OverlapGroup,
    PortfolioSettings,
    ProbeResult,
    Service,
    next_probe_time,
)
from portfolio.netguard import parse_networks

if TYPE_CHECKING:
    from portfolio.probe import ProbeOptions, ProbeReport


class ServiceError(ValueError):
    """A refusal with a message for the user; nothing was changed."""


APPLICATION_FIELDS = [
    "name",
    "purpose",
    "owner_unit",
    "url",
    "other_urls",
    "raa_code",
    "ral_code",
    "services",
    "lifecycle",
    "hosting",
    "integration",
    "personal_data",
    "developer",
    "year_built",
    "last_updated",
    "contact",
    "probe_enabled",
    "probe_minutes",
]
SETTINGS_FIELDS = [
    "allowed_networks",
    "default_probe_minutes",
    "unreachable_days",
    "stale_months",
    "cert_warning_days",
    "min_grade",
]
DISPOSITION_FIELDS = ["decision", "national_code", "rationale", "target_date", "status", "completed_on"]
SERVICE_FIELDS = [
    "slug",
    "name",
    "description",
    "category",
    "owner_unit",
    "application",
    "link",
    "requirements",
    "sso",
    "published",
    "sort_order",
]


def _snapshot(obj, fields) -> dict:
    return model_to_dict(obj, fields=fields)


def _before(model, pk, fields) -> dict | None:
    return _snapshot(model.objects.get(pk=pk), fields) if pk else None


# -- settings -------------------------------------------------------------------------------------


def settings_for(institution) -> PortfolioSettings:
    found = PortfolioSettings.objects.filter(institution=institution).first()
    return found or PortfolioSettings(institution=institution)


def rules_for(settings: PortfolioSettings) -> flags.Rules:
    return flags.Rules(
        unreachable_days=settings.unreachable_days,
        stale_months=settings.stale_months,
        cert_warning_days=settings.cert_warning_days,
        min_grade=settings.min_grade,
    )


def probe_options(settings: PortfolioSettings, **overrides) -> "ProbeOptions":
    """The probe options an institution's settings give (its allow-list and its own CA)."""
    from portfolio.probe import ProbeOptions  # httpx is loaded by the worker, not by web workers

    return ProbeOptions(
        allowed_networks=parse_networks(settings.allowed_networks),
        ca_pem=settings.trusted_ca_pem,
        **overrides,
    )


@transaction.atomic
def save_settings(actor, settings: PortfolioSettings, request=None) -> PortfolioSettings:
    before = _before(PortfolioSettings, settings.pk, SETTINGS_FIELDS)
    if before is not None:
        before["trusted_ca_pem"] = bool(PortfolioSettings.objects.get(pk=settings.pk).trusted_ca_pem.strip())
    settings.save()
    after = _snapshot(settings, SETTINGS_FIELDS) | {"trusted_ca_pem": bool(settings.trusted_ca_pem.strip())}
    record(
        "portfolio.settings",
        actor=actor,
        obj=settings,
        institution=settings.institution,
        before=before,
        after=after,
        request=request,
    )
    return settings


# -- applications ---------------------------------------------------------------------------------


@transaction.atomic
def save_application(actor, application: Application, user_units=None, request=None) -> Application:
    """Create or update an application from a validated (unsaved) instance; a new or changed URL
    is probed at the next scheduler tick."""
    before = _before(Application, application.pk, APPLICATION_FIELDS)
    if before is not None:
        before["user_units"] = sorted(application.user_units.values_list("pk", flat=True))
    if before is None or before["url"] != application.url:
        application.next_probe_at = None
    application.save()
    if user_units is not None:
        application.user_units.set(user_units)
    after = _snapshot(application, APPLICATION_FIELDS) | {
        "user_units": sorted(application.user_units.values_list("pk", flat=True))
    }
    record(
        "application.update" if before else "application.create",
        actor=actor,
        obj=application,
        institution=application.institution,
        before=before,
        after=after,
        request=request,
    )
    refresh_findings(application, settings_for(application.institution), timezone.now())
    return application


@transaction.atomic
def request_probe(actor, application: Application, request=None) -> None:
    """Probe now (through the worker, like the schedule does)."""
    from portfolio.tasks import probe_application

    if not application.url:
        raise ServiceError(_("Aplikasi ini belum punya URL untuk diprobe."))
    record(
        "application.probe_requested",
        actor=actor,
        obj=application,
        institution=application.institution,
        request=request,
    )
    transaction.on_commit(lambda: probe_application.enqueue(application.pk))


# -- probes and findings --------------------------------------------------------------------------


def result_from(application: Application, report: "ProbeReport", now) -> ProbeResult:
    grade = report.grade if report.grade is not None and not report.grade.error else None
    return ProbeResult(
        application=application,
        at=now,
        url=report.url[:500],
        blocked=report.blocked or "",
        reachable=report.reachable,
        status=report.status,
        response_ms=report.response_ms,
        final_url=(report.final_url or "")[:500],
        redirects=report.redirects,
        error=report.error or "",
        tls_valid=report.tls.valid,
        tls_days_left=report.tls.days_left,
        tls_issuer=(report.tls.issuer or "")[:300],
        tls_error=report.tls.error or "",
        score=grade.score if grade else None,
        grade=grade.grade if grade else "",
        tests=report.observatory().get("tests", {}),
        grade_error="" if grade else report.observatory().get("error", ""),
    )


@transaction.atomic
def record_probe(application: Application, report: "ProbeReport", now=None) -> ProbeResult:
    """Keep one probe result, schedule the next probe and refresh the application's findings."""
    now = now or timezone.now()
    previous = application.last_probe
    result = result_from(application, report, now)
    result.save()
    if result.is_down and previous is not None and not previous.is_down and application.owner_unit_id:
        transaction.on_commit(lambda: notify_down(application, result))
    application.last_probe = result
    application.next_probe_at = next_probe_time(application, now)
    Application.objects.filter(pk=application.pk).update(
        last_probe=result, next_probe_at=application.next_probe_at
    )
    refresh_findings(application, settings_for(application.institution), now)
    return result


def facts_for(application: Application) -> flags.AppFacts:
    probes = application.probes.aggregate(first=Min("at"), reachable=Max("at", filter=_reachable_filter()))
    latest = application.last_probe
    return flags.AppFacts(
        lifecycle=application.lifecycle,
        has_owner=application.owner_unit_id is not None,
        last_updated=application.last_updated,
        year_built=application.year_built,
        first_probe_at=probes["first"],
        last_reachable_at=probes["reachable"],
        latest=None
        if latest is None
        else flags.LatestProbe(
            at=latest.at,
            reachable=latest.reachable and not latest.is_down,
            blocked=bool(latest.blocked),
            tls_valid=latest.tls_valid,
            tls_days_left=latest.tls_days_left,
            tls_error=latest.tls_error,
            grade=latest.grade,
            score=latest.score,
        ),
    )


def _reachable_filter():
    return Q(reachable=True, status__lt=500)


@transaction.atomic
def refresh_findings(application: Application, settings: PortfolioSettings, now) -> list[Finding]:
    """Open a finding for each flag newly raised, close those that cleared; tell the owner unit
    about the new ones. Returns the findings opened."""
    raised = {f.kind: f for f in flags.evaluate(facts_for(application), rules_for(settings), now)}
    open_now = {f.kind: f for f in application.findings.filter(closed_at__isnull=True)}
    for kind, finding in open_now.items():
        if kind not in raised:
            finding.closed_at = now
            finding.save(update_fields=["closed_at"])
            record(
                "finding.close",
                obj=finding,
                institution=application.institution,
                label="aturan temuan",
                before={"kind": kind},
                after={"closed_at": now},
            )
        elif finding.explanation != raised[kind].explanation:
            finding.explanation = raised[kind].explanation
            finding.save(update_fields=["explanation"])
    opened = [
        Finding.objects.create(
            application=application,
            kind=f.kind,
            category=f.category,
            explanation=f.explanation,
            opened_at=now,
        )
        for kind, f in raised.items()
        if kind not in open_now
    ]
    for finding in opened:
        record(
            "finding.open",
            obj=finding,
            institution=application.institution,
            label="aturan temuan",
            after={"kind": finding.kind, "explanation": finding.explanation},
        )
    if opened and application.owner_unit_id:
        transaction.on_commit(lambda: notify_owner(application, opened))
    return opened


def notify_owner(application: Application, findings: list[Finding]) -> int:
    from assessment.notices import notify, unit_people

    link = reverse("portfolio:application_detail", args=[application.institution.slug, application.pk])
    body = "\n".join(f"- {f.explanation}" for f in findings)
    return notify(
        unit_people([application.owner_unit_id]),
        application.institution,
        kind="portfolio.finding",
        title=_("Temuan baru pada aplikasi %(name)s") % {"name": application.name},
        body=body,
        link=link,
        key="finding-" + "-".join(str(f.pk) for f in findings),
    )


def notify_down(application: Application, result: ProbeResult) -> int:
    """An application that answered at the previous probe no longer does: tell its owner unit now
    (the "unreachable" finding follows after the tunable number of days)."""
    from assessment.notices import notify, unit_people

    why = f"HTTP {result.status}" if result.status else (result.error or _("tidak ada jawaban"))
    return notify(
        unit_people([application.owner_unit_id]),
        application.institution,
        kind="portfolio.down",
        title=_("Aplikasi %(name)s tidak dapat dijangkau") % {"name": application.name},
        body=_("Probe %(at)s: %(why)s.")
        % {"at": f"{timezone.localtime(result.at):%d-%m-%Y %H:%M}", "why": why},
        link=reverse("portfolio:application_detail", args=[application.institution.slug, application.pk]),
        key=f"down-{application.pk}-{result.pk}",
    )


# -- overlaps -------------------------------------------------------------------------------------


def _app_texts(institution) -> list[overlap.AppText]:
    rows = (
        Application.objects.for_institution(institution)
        .exclude(lifecycle="retired")
        .values_list("pk", "name", "purpose", "ral_code", "raa_code")
    )
    return [overlap.AppText(*row) for row in rows]


@transaction.atomic
def detect_overlaps(actor, institution, request=None) -> dict:
    """Re-run overlap detection: new groups are proposed, groups already decided stay as they
    are, proposed groups no longer found are removed."""
    apps = _app_texts(institution)
    extra = frozenset(overlap.normalise(institution.name).split())
    labels = {a.ral_code: label(a.ral_code) for a in apps}
    found = overlap.similar_groups(apps, extra, labels) + overlap.national_groups(apps, national_apps())
    existing = {g.key: g for g in OverlapGroup.objects.filter(institution=institution)}
    created = 0
    for group in found:
        if group.key in existing:
            continue
        saved = OverlapGroup.objects.create(
            institution=institution,
            kind=group.kind,
            key=group.key,
            reason=group.reason,
            national_code=group.national_code,
            score=group.score,
        )
        saved.members.set(group.member_ids)
        created += 1
    keys = {g.key for g in found}
    stale = [g.pk for key, g in existing.items() if key not in keys and g.status == OverlapGroup.PROPOSED]
    OverlapGroup.objects.filter(pk__in=stale).delete()
    summary = {"found": len(found), "created": created, "removed": len(stale)}
    record("overlap.detect", actor=actor, institution=institution, after=summary, request=request)
    return summary


@transaction.atomic
def decide_overlap(actor, group: OverlapGroup, status: str, note: str = "", request=None) -> OverlapGroup:
    if status not in (OverlapGroup.CONFIRMED, OverlapGroup.DISMISSED, OverlapGroup.PROPOSED):
        raise ServiceError(_("Keputusan tidak dikenal."))
    before = {"status": group.status, "note": group.decision_note}
    group.status, group.decision_note = status, note
    group.decided_by, group.decided_at = (
        (actor, timezone.now()) if status != OverlapGroup.PROPOSED else (None, None)
    )
    group.save()
    record(
        "overlap.decide",
        actor=actor,
        obj=group,
        institution=group.institution,
        before=before,
        after={"status": status, "note": note},
        request=request,
    )
    return group


# -- consolidation plan ---------------------------------------------------------------------------


@transaction.atomic
def save_disposition(actor, disposition: Disposition, request=None) -> Disposition:
    """One line of the consolidation plan; marking it done records the day, and a finished
    retirement or merge retires the application."""
    before = _before(Disposition, disposition.pk, DISPOSITION_FIELDS)
    if disposition.decision == Disposition.REPLACE and not disposition.national_code:
        raise ServiceError(_("Pilih aplikasi nasional penggantinya."))
    if disposition.status == Disposition.DONE and disposition.completed_on is None:
        disposition.completed_on = timezone.localdate()
    if disposition.status != Disposition.DONE:
        disposition.completed_on = None
    disposition.updated_by = actor
    disposition.save()
    application = disposition.application
    ends_app = disposition.decision in (Disposition.RETIRE, Disposition.MERGE, Disposition.REPLACE)
    if disposition.status == Disposition.DONE and ends_app and application.lifecycle != "retired":
        application.lifecycle = "retired"
        save_application(actor, application, request=request)
    record(
        "disposition.update" if before else "disposition.create",
        actor=actor,
        obj=disposition,
        institution=application.institution,
        before=before,
        after=_snapshot(disposition, DISPOSITION_FIELDS),
        request=request,
    )
    return disposition


def plan_progress(institution, year: int | None = None) -> dict:
    """Figures for the plan board: applications retired or merged this year, security findings
    closed this year, and lines per status."""
    year = year or timezone.localdate().year
    plan = Disposition.objects.filter(application__institution=institution)
    finished = plan.filter(
        status=Disposition.DONE, completed_on__gte=date(year, 1, 1), completed_on__lte=date(year, 12, 31)
    )
    closed = Finding.objects.filter(
        application__institution=institution, category=Finding.INSECURE, closed_at__year=year
    )
    return {
        "year": year,
        "retired": finished.filter(decision=Disposition.RETIRE).count(),
        "merged": finished.filter(decision=Disposition.MERGE).count(),
        "replaced": finished.filter(decision=Disposition.REPLACE).count(),
        "findings_closed": closed.count(),
        "findings_open": Finding.objects.filter(
            application__institution=institution, category=Finding.INSECURE, closed_at__isnull=True
        ).count(),
        "by_status": {s: plan.filter(status=s).count() for s, _label in Disposition.STATUSES},
    }


# -- service catalogue ----------------------------------------------------------------------------


@transaction.atomic
def save_service(actor, service: Service, request=None) -> Service:
    before = _before(Service, service.pk, SERVICE_FIELDS)
    if service.application_id and service.application.institution_id != service.institution_id:
        raise ServiceError(_("Aplikasi itu milik instansi lain."))
    service.save()
    record(
        "service.update" if before else "service.create",
        actor=actor,
        obj=service,
        institution=service.institution,
        before=before,
        after=_snapshot(service, SERVICE_FIELDS),
        request=request,
    )
    return service


@transaction.atomic
def set_published(actor, service: Service, published: bool, request=None) -> Service:
    if service.published == published:
        return service
    service.published = published
    service.save(update_fields=["published", "updated_at"])
    record(
        "service.publish" if published else "service.unpublish",
        actor=actor,
        obj=service,
        institution=service.institution,
        before={"published": not published},
        after={"published": published},
        request=request,
    )
    return service
