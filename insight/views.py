"""Dashboards, trends, the leadership page, the planner and official past results."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from insight import dashboards, importing, leadership, planning, services, sources, trends
from insight.access import READERS, is_coach
from insight.forms import EffortForm, FromPlanForm, ImportForm, OfficialResultForm, PlannerForm
from insight.models import OfficialResult
from orgs.access import access_for, get_unit_for_user, institution_view
from orgs.models import Role


def _svg(text: str):
    return mark_safe(text)  # noqa: S308 - built by insight.charts with every label escaped


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@institution_view()
def dashboard(request):
    """The institution dashboard; a unit's own people are sent to their unit's dashboard."""
    institution = request.institution
    access = access_for(request.user)
    if not access.has_role(institution, *READERS):
        units = sorted(access.units_in(institution))
        return redirect("insight:unit_dashboard", institution.slug, units[0])
    board = dashboards.build_institution(
        institution, request.GET.get("periode"), request.GET.get("peta"), _int(request.GET.get("target"))
    )
    campaigns = board.campaigns if board else []
    trend = trends.build_trends(institution, campaigns) if board else None
    context = {
        "institution": institution,
        "board": board,
        "trend": trend,
        "charts": _charts(board, trend),
        "kind_labels": sources.KIND_LABELS,
        "can_coach": is_coach(request.user, institution),
    }
    return render(request, "insight/dashboard.html", context)


def _charts(board, trend) -> dict:
    if board is None:
        return {}
    return {
        "aspect": _svg(board.aspect_chart),
        "domain": _svg(board.domain_chart),
        "heatmap": _svg(board.heatmap),
        "trend": _svg(trend.index_chart if trend else ""),
    }


@institution_view(*READERS)
def trends_page(request):
    institution = request.institution
    campaigns = dashboards.campaigns_of(institution)
    slug = request.GET.get("instrumen") or (
        campaigns[-1].framework_version.framework.slug if campaigns else ""
    )
    version = next(
        (c.framework_version for c in reversed(campaigns) if c.framework_version.framework.slug == slug), None
    )
    names = None
    if version is not None:
        cat = dashboards.catalogue(version)
        names = (cat.domain_names(), cat.aspect_names())
    elif slug:
        names = _names_from_official(slug)
    if names and request.GET.get("bagian") == "aspek":
        names = ({}, names[1])  # aspects even where the framework has domains
    trend = trends.build_trends(institution, campaigns, slug, names)
    frameworks = sorted({(p.slug, p.framework) for p in trend.points})
    context = {
        "institution": institution,
        "trend": trend,
        "index_chart": _svg(trend.index_chart),
        "part_charts": [(title, _svg(svg)) for title, svg in trend.part_charts],
        "slug": slug,
        "by_aspect": request.GET.get("bagian") == "aspek",
        "frameworks": frameworks,
        "can_manage": access_for(request.user).can_manage(institution),
    }
    return render(request, "insight/trends.html", context)


def _names_from_official(slug: str):
    from instrument.models import FrameworkVersion

    version = FrameworkVersion.objects.current().filter(framework__slug=slug).first()
    if version is None:
        return None
    cat = dashboards.catalogue(version)
    return cat.domain_names(), cat.aspect_names()


@institution_view(*READERS)
def leadership_page(request):
    institution = request.institution
    page = leadership.build_leadership(institution)
    context = {
        "institution": institution,
        "page": page,
        "trend_chart": _svg(page.trend_chart) if page else "",
        "rank_label": sources.KIND_LABELS[page.rank_kind] if page else "",
    }
    return render(request, "insight/leadership.html", context)


@institution_view()
def unit_dashboard(request, pk):
    from insight.models import Action, MentoringSession

    institution = request.institution
    unit = get_unit_for_user(request.user, institution, pk)
    board = dashboards.build_unit(unit, request.GET.get("periode"))
    actions = list(
        Action.objects.filter(plan__unit=unit)
        .select_related("indicator", "owner", "plan")
        .order_by("status", "due_on")
    )
    sessions = list(MentoringSession.objects.filter(plan__unit=unit).select_related("plan")[:5])
    context = {
        "institution": institution,
        "unit": unit,
        "board": board,
        "chart": _svg(board.chart),
        "actions": actions,
        "sessions": sessions,
        "kind_labels": sources.KIND_LABELS,
        "can_read_all": access_for(request.user).has_role(institution, *READERS),
    }
    return render(request, "insight/unit_dashboard.html", context)


@institution_view(*READERS)
def planner_page(request):
    institution = request.institution
    campaigns = dashboards.campaigns_of(institution)
    current = dashboards.current_campaign(campaigns)
    if current is None:
        return render(request, "insight/planner.html", {"institution": institution, "form": None})
    chosen = next((c for c in campaigns if str(c.pk) == request.GET.get("periode")), current)
    predicates = [label for _low, label in chosen.framework_version.engine().model.predicates]
    data = None
    if "dasar" in request.GET:
        data = request.GET.copy()
        data.setdefault("periode", str(chosen.pk))
    form = PlannerForm(data, list(reversed(campaigns)), predicates)
    if data is None:
        form.initial = {"periode": chosen.pk, "dasar": sources.VERIFIED, "predikat": predicates[0]}
    result = None
    if form.is_bound and form.is_valid():
        result = planning.build_plan(
            chosen, form.cleaned_data["dasar"], form.cleaned_data["target"], form.cleaned_data["usaha"]
        )
    context = {
        "institution": institution,
        "form": form,
        "campaign": chosen,
        "result": result,
        "can_coach": is_coach(request.user, institution),
        "can_manage": access_for(request.user).can_manage(institution),
        "from_plan": _from_plan_form(result),
        "rows": [(v, step_choice(v) if v.owner else "") for v in (result.steps if result else [])],
    }
    return render(request, "insight/planner.html", context)


def _from_plan_form(result):
    if result is None or not result.steps:
        return None
    choices = [(step_choice(v), step_choice(v)) for v in result.steps if v.owner is not None]
    return FromPlanForm(choices=choices, initial={"steps": [c for c, _label in choices]})


def step_choice(view) -> str:
    return f"{view.step.indicator}:{view.step.to_level}:{view.owner.pk}"


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def efforts(request):
    institution = request.institution
    campaigns = dashboards.campaigns_of(institution)
    campaign = dashboards.current_campaign(campaigns, request.GET.get("periode"))
    if campaign is None:
        messages.error(request, _("Belum ada periode penilaian."))
        return redirect("insight:planner", institution.slug)
    version = campaign.framework_version
    indicators = [i for i in dashboards.catalogue(version).indicators if not i.is_external]
    current = planning.efforts_for(institution, version.framework)
    form = EffortForm(request.POST or None, indicators=indicators, current=current)
    if request.method == "POST" and form.is_valid():
        changed = services.set_efforts(
            request.user, institution, version.framework, form.efforts(), request=request
        )
        messages.success(request, _("Perkiraan usaha disimpan (%(n)s berubah).") % {"n": changed})
        return redirect("insight:planner", institution.slug)
    return render(
        request, "insight/efforts.html", {"institution": institution, "form": form, "version": version}
    )


# -- official past results ------------------------------------------------------------------------------


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def official_results(request):
    institution = request.institution
    form = OfficialResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_official_result(
                request.user,
                institution,
                services.OfficialInput(
                    framework=data["framework"],
                    year=data["year"],
                    index=data["index"],
                    predicate=data["predicate"],
                    domains=data["domains"],
                    aspects=data["aspects"],
                    source=data["source"],
                ),
                request=request,
            )
        except services.InsightError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Hasil resmi %(year)s disimpan.") % {"year": data["year"]})
            return redirect("insight:official_results", institution.slug)
    results = (
        OfficialResult.objects.filter(institution=institution).select_related("framework").order_by("-year")
    )
    return render(
        request,
        "insight/official_results.html",
        {"institution": institution, "form": form, "results": results, "import_form": ImportForm()},
    )


@institution_view(Role.INSTITUTION_ADMIN)
@require_POST
def official_import(request):
    institution = request.institution
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rows = importing.parse_rows(importing.read_rows(form.cleaned_data["file"]))
            count = services.import_official_results(request.user, institution, rows, request=request)
        except (importing.ImportProblem, services.InsightError) as exc:
            messages.error(request, _("Impor dibatalkan, tidak ada yang disimpan: %(m)s") % {"m": exc})
        except (UnicodeError, ValueError, KeyError, OSError):
            messages.error(request, _("Berkas tidak dapat dibaca sebagai CSV atau Excel."))
        else:
            messages.success(request, _("%(n)s hasil resmi diimpor.") % {"n": count})
    else:
        messages.error(request, _("Pilih berkas untuk diimpor."))
    return redirect("insight:official_results", institution.slug)


@institution_view(Role.INSTITUTION_ADMIN)
@require_POST
def official_delete(request, pk):
    result = get_object_or_404(
        OfficialResult.objects.select_related("framework"), pk=pk, institution=request.institution
    )
    services.delete_official_result(request.user, result, request=request)
    messages.success(request, _("Hasil resmi %(year)s dihapus.") % {"year": result.year})
    return redirect("insight:official_results", request.institution.slug)
