"""Pages of the application portfolio: dashboard, inventory, one application, settings.
Overlaps and the plan are in views_plan, the service catalogue in views_catalogue, the import
in views_import."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgs.access import institution_view
from orgs.models import Role, Unit
from portfolio import classification, services
from portfolio.access import can_create, can_edit_owned, can_manage, get_application_for_user
from portfolio.dashboard import dashboard_context
from portfolio.forms import ApplicationForm, SettingsForm
from portfolio.importing import export_response
from portfolio.models import Application, Finding, Hosting, Lifecycle
from portfolio.observatory_text import TEST_TITLES, explain, localize_error
from portfolio.views_catalogue import public_catalogue  # noqa: F401 - mounted at katalog/<inst>/

PAGE_SIZE = 50
HEALTH_FILTERS = {
    "down": Q(last_probe__blocked="") & (Q(last_probe__reachable=False) | Q(last_probe__status__gte=500)),
    "blocked": ~Q(last_probe__blocked="") & Q(last_probe__isnull=False),
    "cert": Q(last_probe__tls_days_left__lte=30) | Q(last_probe__tls_valid=False),
    "unprobed": Q(last_probe__isnull=True),
}


@institution_view()
def dashboard(request):
    institution = request.institution
    context = dashboard_context(institution, services.settings_for(institution))
    context |= {
        "institution": institution,
        "can_manage": can_manage(request.user, institution),
        "can_create": can_create(request.user, institution),
    }
    return render(request, "portfolio/dashboard.html", context)


def filtered_applications(institution, params):
    """The inventory with the page's filters applied (also used by the export)."""
    apps = Application.objects.for_institution(institution).select_related("owner_unit", "last_probe")
    query = params.get("q", "").strip()
    if query:
        apps = apps.filter(Q(name__icontains=query) | Q(purpose__icontains=query) | Q(url__icontains=query))
    simple = {"unit": "owner_unit_id", "siklus": "lifecycle", "hosting": "hosting", "ral": "ral_code"}
    for param, field in simple.items():
        value = params.get(param, "")
        if param == "unit" and value == "tanpa":
            apps = apps.filter(owner_unit__isnull=True)
        elif value and (param != "unit" or value.isdigit()):
            apps = apps.filter(**{field: value})
    if params.get("raa"):
        apps = apps.filter(raa_code__startswith=params["raa"])
    if params.get("data_pribadi") in ("ya", "tidak"):
        apps = apps.filter(personal_data=params["data_pribadi"] == "ya")
    if params.get("temuan"):
        apps = apps.filter(findings__closed_at__isnull=True, findings__category=params["temuan"]).distinct()
    if params.get("kondisi") in HEALTH_FILTERS:
        apps = apps.filter(HEALTH_FILTERS[params["kondisi"]])
    return apps


@institution_view()
def application_list(request):
    institution = request.institution
    apps = filtered_applications(institution, request.GET).annotate(
        open_findings=Count("findings", filter=Q(findings__closed_at__isnull=True), distinct=True)
    )
    page = Paginator(apps.order_by("name"), PAGE_SIZE).get_page(request.GET.get("halaman"))
    filters = request.GET.copy()
    filters.pop("halaman", None)
    context = {
        "institution": institution,
        "page": page,
        "params": request.GET,
        "filter_query": filters.urlencode(),
        "units": Unit.objects.filter(institution=institution).order_by("name"),
        "lifecycles": Lifecycle.choices,
        "hostings": Hosting.choices,
        "raa_groups": [c for c in classification.raa_codes() if c.is_group],
        "ral_choices": classification.ral_choices()[1:],
        "categories": Finding.CATEGORIES,
        "can_manage": can_manage(request.user, institution),
        "can_create": can_create(request.user, institution),
    }
    return render(request, "portfolio/application_list.html", context)


@institution_view()
def application_export(request):
    institution = request.institution
    kind = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    apps = filtered_applications(institution, request.GET).prefetch_related("user_units").order_by("name")
    return export_response(institution, apps, kind)


@institution_view()
@require_http_methods(["GET", "POST"])
def application_create(request):
    institution = request.institution
    if not can_create(request.user, institution):
        raise PermissionDenied
    settings = services.settings_for(institution)
    form = ApplicationForm(
        request.POST or None,
        institution=institution,
        user=request.user,
        initial={"probe_minutes": settings.default_probe_minutes},
    )
    if request.method == "POST" and form.is_valid():
        application = services.save_application(
            request.user, form.save(), form.cleaned_data["user_units"], request=request
        )
        messages.success(request, _("Aplikasi %(name)s ditambahkan.") % {"name": application.name})
        return redirect("portfolio:application_detail", institution.slug, application.pk)
    return render(request, "portfolio/application_form.html", {"form": form, "institution": institution})


@institution_view()
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    institution = request.institution
    application = get_application_for_user(request.user, institution, pk, write=True)
    form = ApplicationForm(
        request.POST or None, instance=application, institution=institution, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.save_application(request.user, form.save(), form.cleaned_data["user_units"], request=request)
        messages.success(request, _("Aplikasi disimpan."))
        return redirect("portfolio:application_detail", institution.slug, application.pk)
    context = {"form": form, "institution": institution, "application": application}
    return render(request, "portfolio/application_form.html", context)


def grade_rows(probe) -> list[dict]:
    """The ten Observatory tests of a probe result, titled and explained in the reader's language
    (the stored result keeps only the outcome identifiers)."""
    if probe is None or not probe.tests:
        return []
    return [
        {
            "name": name,
            "title": _(TEST_TITLES.get(name, name)),
            "passed": test.get("pass"),
            "result": test.get("result"),
            "modifier": test.get("modifier"),
            "explanation": _(explain(test.get("result") or "")),
        }
        for name, test in probe.tests.items()
    ]


@institution_view()
def application_detail(request, pk):
    institution = request.institution
    application = get_application_for_user(request.user, institution, pk)
    probe = application.last_probe
    context = {
        "institution": institution,
        "application": application,
        "probe": probe,
        "grade_rows": grade_rows(probe),
        "grade_error": localize_error(probe.grade_error, _) if probe else "",
        "history": application.probes.all()[:20],
        "findings": application.findings.all()[:30],
        "groups": application.overlap_groups.exclude(status="dismissed"),
        "disposition": getattr(application, "disposition", None),
        "services": application.catalogue_services.select_related("owner_unit"),
        "user_units": application.user_units.all(),
        "other_urls": application.other_urls.split(),
        "can_edit": can_edit_owned(request.user, institution, application.owner_unit_id),
        "can_manage": can_manage(request.user, institution),
    }
    return render(request, "portfolio/application_detail.html", context)


@institution_view()
@require_POST
def application_probe(request, pk):
    institution = request.institution
    application = get_application_for_user(request.user, institution, pk, write=True)
    try:
        services.request_probe(request.user, application, request=request)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Probe dijadwalkan; hasilnya muncul di sini setelah pekerja latar selesai.")
        )
    return redirect("portfolio:application_detail", institution.slug, application.pk)


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def portfolio_settings(request):
    institution = request.institution
    instance = services.settings_for(institution)
    form = SettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_settings(request.user, form.save(commit=False), request=request)
        messages.success(request, _("Pengaturan portofolio disimpan."))
        return redirect("portfolio:dashboard", institution.slug)
    return render(request, "portfolio/settings_form.html", {"form": form, "institution": institution})
