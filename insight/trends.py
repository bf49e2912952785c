"""Trends across campaigns and years: official past results (resmi) and, per full campaign, the
self-assessed, verified and final indices. One series per kind, never merged."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from assessment.models import Campaign
from insight import charts, sources
from insight.models import OfficialResult
from insight.sources import FINAL, KIND_LABELS, SELF, VERIFIED

OFFICIAL = "official"
TREND_KINDS = (OFFICIAL, SELF, VERIFIED, FINAL)


def kind_label(kind: str) -> str:
    return _("resmi (KemenPANRB)") if kind == OFFICIAL else str(KIND_LABELS[kind])


@dataclass
class Point:
    """One number of a trend: its kind, year, framework and where it comes from."""

    kind: str
    year: int
    framework: str
    source: str
    index: Fraction
    predicate: str
    domains: dict = field(default_factory=dict)
    aspects: dict = field(default_factory=dict)
    is_demo: bool = False
    slug: str = ""  # the framework's

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


@dataclass
class Trends:
    points: list[Point]
    years: list[int]
    incomplete: list[tuple[Campaign, str, int, int]]  # campaign, kind, answered, total
    index_chart: str = ""
    part_charts: list[tuple[str, str]] = field(default_factory=list)  # (title, svg)
    framework_slug: str = ""

    def series(self, kind: str) -> dict[int, Fraction]:
        return {p.year: p.index for p in self.points if p.kind == kind}


def _fraction(value) -> Fraction:
    return Fraction(Decimal(str(value)))


def official_points(institution) -> list[Point]:
    rows = OfficialResult.objects.filter(institution=institution).select_related("framework").order_by("year")
    return [
        Point(
            OFFICIAL,
            r.year,
            r.framework.short_title,
            r.source or _("hasil resmi"),
            _fraction(r.index),
            r.predicate,
            {int(k): _fraction(v) for k, v in r.domains.items()},
            {int(k): _fraction(v) for k, v in r.aspects.items()},
            r.is_demo,
            r.framework.slug,
        )
        for r in rows
    ]


def campaign_points(campaigns: list[Campaign]) -> tuple[list[Point], list]:
    """Per full campaign (the latest of each year and framework) and kind: the official formula
    over the institution's levels when every indicator has one; the others are listed as
    incomplete."""
    latest: dict[tuple, Campaign] = {}
    for c in campaigns:
        if c.kind == Campaign.FULL and c.status != Campaign.DRAFT:
            latest[(c.year, c.framework_version.framework_id)] = c
    chosen = sorted(latest.values(), key=lambda c: (c.year, c.opens_on))
    points, incomplete = [], []
    for kind in (SELF, VERIFIED, FINAL):
        found = sources.collect(chosen, kind, units=False)
        if found is None:
            continue
        for c in chosen:
            levels = found.get(c.pk, sources.CampaignLevels(kind)).institution
            engine = c.framework_version.engine()
            total = len(engine.model.indicators)
            if len(levels) < total:
                if levels:
                    incomplete.append((c, kind, len(levels), total))
                continue
            score = engine.score_parsed(levels)
            points.append(
                Point(
                    kind,
                    c.year,
                    c.framework_version.short_title,
                    c.name,
                    score.index,
                    score.predicate,
                    score.domains,
                    score.aspects,
                    slug=c.framework_version.framework.slug,
                )
            )
    return points, incomplete


def build_trends(institution, campaigns: list[Campaign], framework_slug: str = "", names=None) -> Trends:
    """All points; the index chart over every framework, the domain (or aspect) charts for
    `framework_slug`, named by `names` = ({domain number: name}, {aspect number: name})."""
    official = official_points(institution)
    from_campaigns, incomplete = campaign_points(campaigns)
    points = sorted(official + from_campaigns, key=lambda p: (p.year, TREND_KINDS.index(p.kind)))
    years = sorted({p.year for p in points})
    trends = Trends(points, years, incomplete, framework_slug=framework_slug)
    trends.index_chart = (
        charts.line_chart(
            years,
            [charts.Series(k, kind_label(k), trends.series(k)) for k in TREND_KINDS],
            title=_("Indeks per tahun"),
            chart_id="tren",
        )
        if points
        else ""
    )
    if framework_slug and names:
        trends.part_charts = part_charts(points, years, framework_slug, names)
    return trends


def part_charts(points: list[Point], years: list[int], framework_slug: str, names) -> list[tuple[str, str]]:
    """One small chart per domain (or per aspect where the framework has no domains)."""
    domain_names, aspect_names = names
    mine = [p for p in points if p.slug == framework_slug]
    use_domains = bool(domain_names)
    labels = domain_names if use_domains else aspect_names
    result = []
    for number, name in sorted(labels.items()):
        series = []
        for kind in TREND_KINDS:
            values = {
                p.year: (p.domains if use_domains else p.aspects).get(number) for p in mine if p.kind == kind
            }
            series.append(charts.Series(kind, kind_label(kind), values))
        if not any(v is not None for s in series for v in s.values.values()):
            continue
        svg = charts.line_chart(
            years, series, width=460, height=240, title=name, chart_id=f"part-{framework_slug}-{number}"
        )
        result.append((name, svg))
    return result
