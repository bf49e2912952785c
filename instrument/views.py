from fractions import Fraction

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from instrument.models import EvidenceItem, FrameworkVersion, Indicator, LevelCriterion
from instrument.scoring import parse_value
from orgs.access import signed_in
from swanilai.charts import Bar, bar_chart


def get_version(slug: str, number: int | None = None) -> FrameworkVersion:
    versions = FrameworkVersion.objects.select_related("framework").filter(framework__slug=slug)
    if number is None:
        return get_object_or_404(versions, is_current=True)
    return get_object_or_404(versions, number=number)


@signed_in
def framework_list(request):
    versions = FrameworkVersion.objects.select_related("framework").order_by("framework__slug", "-number")
    return render(request, "instrument/framework_list.html", {"versions": versions})


def catalogue(version: FrameworkVersion):
    """Domains → aspects → indicators with criteria and evidence items, in 4 queries."""
    indicators = Indicator.objects.of_version(version).prefetch_related(
        Prefetch("criteria", queryset=LevelCriterion.objects.order_by("level")),
        Prefetch("evidence_items", queryset=EvidenceItem.objects.order_by("level", "position")),
    )
    aspects = {}
    for indicator in indicators:
        aspects.setdefault(indicator.aspect, []).append(indicator)
    return aspects


@signed_in
def framework_detail(request, slug, number=None):
    version = get_version(slug, number)
    aspects = catalogue(version)
    unknown = sum(1 for inds in aspects.values() for i in inds for c in i.criteria.all() if not c.is_known)
    context = {
        "version": version,
        "aspects": aspects,
        "unknown_criteria": unknown,
        "other_versions": version.framework.versions.exclude(pk=version.pk).order_by("-number"),
    }
    return render(request, "instrument/framework_detail.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def simulator(request, slug):
    version = get_version(slug)
    indicators = list(Indicator.objects.of_version(version))
    engine = version.engine()
    low = version.values["min"]
    values, errors = {}, {}
    for indicator in indicators:
        raw = request.POST.get(f"i{indicator.number}", request.GET.get(f"i{indicator.number}", low))
        try:
            value = parse_value(raw, engine.model.fractional)
            if not engine.model.min_value <= value <= engine.model.max_value:
                raise ValueError(_("di luar skala"))
            values[indicator.number] = value
        except ValueError:
            errors[indicator.number] = _("Nilai harus antara %(min)s dan %(max)s.") % {
                "min": engine.model.min_value,
                "max": engine.model.max_value,
            }
            values[indicator.number] = Fraction(low)
    context = simulation_context(version, indicators, values)
    context["errors"] = errors
    template = (
        "instrument/_simulation_result.html"
        if request.headers.get("HX-Request") == "true"
        else "instrument/simulator.html"
    )
    return render(request, template, context)


def simulation_context(version, indicators, values) -> dict:
    engine = version.engine()
    score = engine.score_parsed(values)
    by_number = {i.number: i for i in indicators}
    aspect_names = {i.aspect.number: i.aspect.name for i in indicators}
    domain_names = {i.aspect.domain.number: i.aspect.domain.name for i in indicators if i.aspect.domain}
    model = engine.model
    aspect_chart = bar_chart(
        [Bar(f"A{n} {aspect_names[n]}", v, model.predicate(v)) for n, v in score.aspects.items()],
        max_value=model.max_value,
        title=_("Indeks per aspek"),
    )
    domain_chart = (
        bar_chart(
            [Bar(f"D{n} {domain_names[n]}", v, model.predicate(v)) for n, v in score.domains.items()],
            max_value=model.max_value,
            title=_("Indeks per domain"),
        )
        if score.domains
        else ""
    )
    gains = [
        {"indicator": by_number[number], "target": target, "gain": gain}
        for number, target, gain in engine.step_gains(values)[:10]
    ]
    return {
        "version": version,
        "indicators": indicators,
        "values": values,
        "score": score,
        "aspect_chart": mark_safe(aspect_chart),  # noqa: S308 - built with escaped labels
        "domain_chart": mark_safe(domain_chart),  # noqa: S308
        "gains": gains,
        "fractional": model.fractional,
        "level_range": version.level_range,
    }
