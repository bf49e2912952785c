"""Context builders of the dashboards: plain dataclasses, tested without rendering, drawn by the
pages and (later) the PDF reports.

Every number carries its kind ("self", "verified", "final", see `sources`); an index over every
indicator is the official formula (`Engine.score_parsed`), one over some indicators is labelled
"sementara" (institution, not all answered) or "indeks unit (tidak resmi)" (a unit's own)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count
from django.utils.translation import gettext as _

from assessment.models import Campaign, Responsibility, UnitAssessment
from insight import charts, sources
from insight.sources import FINAL, KIND_LABELS, SELF, VERIFIED
from instrument.models import Indicator
from instrument.scoring import Score


@dataclass
class Catalogue:
    """The indicators of one framework version with their aspects and domains (one query)."""

    version: object
    indicators: list

    @property
    def engine(self):
        return self.version.engine()

    @property
    def model(self):
        return self.engine.model

    @property
    def by_number(self) -> dict[int, Indicator]:
        return {i.number: i for i in self.indicators}

    @property
    def total_weight(self) -> Fraction:
        return sum((r.weight for r in self.model.indicators), Fraction(0))

    def aspect_names(self) -> dict[int, str]:
        return {i.aspect.number: f"A{i.aspect.number} {i.aspect.name}" for i in self.indicators}

    def domain_names(self) -> dict[int, str]:
        return {
            i.aspect.domain.number: f"D{i.aspect.domain.number} {i.aspect.domain.name}"
            for i in self.indicators
            if i.aspect.domain_id
        }


def catalogue(version) -> Catalogue:
    return Catalogue(version, list(Indicator.objects.of_version(version)))


def campaigns_of(institution) -> list[Campaign]:
    return list(
        Campaign.objects.filter(institution=institution)
        .select_related("framework_version__framework")
        .order_by("opens_on", "pk")
    )


def current_campaign(campaigns: list[Campaign], pk=None) -> Campaign | None:
    """The chosen campaign, else the latest opened full self-assessment, else the latest one."""
    if pk:
        return next((c for c in campaigns if str(c.pk) == str(pk)), None)
    full = [c for c in campaigns if c.kind == Campaign.FULL and c.status != Campaign.DRAFT]
    return (full or campaigns or [None])[-1]


@dataclass
class IndexCard:
    """One kind of index of the institution: official formula when every indicator has a value,
    else a provisional index over those that have one (weights renormalised, labelled)."""

    kind: str
    available: bool
    answered: int = 0
    total: int = 0
    score: Score | None = None
    partial: Score | None = None

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def complete(self) -> bool:
        return self.score is not None


def index_card(catalogue_: Catalogue, kind: str, levels: dict | None) -> IndexCard:
    total = len(catalogue_.indicators)
    if levels is None:
        return IndexCard(kind, available=False, total=total)
    card = IndexCard(kind, available=True, answered=len(levels), total=total)
    if levels and len(levels) == total:
        card.score = catalogue_.engine.score_parsed(levels)
    elif levels:
        card.partial = catalogue_.engine.score_parsed(levels, kind="unit")
    return card


def unit_score(catalogue_: Catalogue, levels: dict | None) -> Score | None:
    """The unit index (unofficial): the official formula over the unit's own indicators."""
    return catalogue_.engine.score_parsed(levels, kind="unit") if levels else None


@dataclass
class Progress:
    participants: int = 0
    submitted: int = 0
    verified: int = 0
    overdue: int = 0
    statuses: dict = field(default_factory=dict)


def progress_of(assessments: list[UnitAssessment]) -> Progress:
    result = Progress(participants=len(assessments))
    for a in assessments:
        result.statuses[a.status] = result.statuses.get(a.status, 0) + 1
        result.submitted += a.status != UnitAssessment.DRAFT
        result.verified += a.status == UnitAssessment.ACCEPTED
        result.overdue += a.is_overdue
    return result


@dataclass
class UnitRow:
    unit: object
    answered: int
    assigned: int
    scores: dict  # kind -> Score | None (unit index, unofficial)
    rank: int | None = None


@dataclass
class Gap:
    indicator: Indicator
    owner: object
    level: Fraction
    target: int
    points: Fraction  # index points the indicator lacks: weight × distance / total weight


@dataclass
class InstitutionDashboard:
    campaign: Campaign
    campaigns: list
    catalogue: Catalogue
    cards: list[IndexCard]
    progress: Progress
    heat_kind: str
    ranking: list[UnitRow]
    gap_kind: str
    gap_target: int
    gaps: list[Gap]
    aspect_chart: str = ""
    domain_chart: str = ""
    heatmap: str = ""
    owners: dict = field(default_factory=dict)

    @property
    def available_kinds(self) -> list[str]:
        return [c.kind for c in self.cards if c.available]


def owners_of(campaign) -> dict[int, object]:
    """{indicator number: owner unit} of a campaign (one query)."""
    rows = Responsibility.objects.filter(campaign=campaign).select_related("owner", "indicator")
    return {r.indicator.number: r.owner for r in rows}


def campaign_levels(campaign) -> dict[str, sources.CampaignLevels | None]:
    """All three kinds for one campaign; None for a kind whose source is missing."""
    found = {}
    for kind in (SELF, VERIFIED, FINAL):
        collected = sources.collect([campaign], kind, units=kind != FINAL)
        found[kind] = None if collected is None else collected.get(campaign.pk, sources.CampaignLevels(kind))
    return found


def build_institution(
    institution, campaign_pk=None, heat_kind=None, gap_target=None
) -> InstitutionDashboard | None:
    """The institution dashboard of one campaign, in a fixed number of queries."""
    campaigns = campaigns_of(institution)
    campaign = current_campaign(campaigns, campaign_pk)
    if campaign is None:
        return None
    cat = catalogue(campaign.framework_version)
    found = campaign_levels(campaign)
    cards = [
        index_card(cat, kind, None if found[kind] is None else found[kind].institution)
        for kind in (SELF, VERIFIED, FINAL)
    ]
    assessments = list(
        UnitAssessment.objects.filter(campaign=campaign)
        .select_related("unit")
        .annotate(assigned=Count("answers"))
    )
    owners = owners_of(campaign)
    kinds_with_units = [k for k in (VERIFIED, SELF) if found[k] is not None and found[k].units]
    heat = (
        heat_kind
        if heat_kind in (SELF, VERIFIED) and found.get(heat_kind) is not None
        else (kinds_with_units[0] if kinds_with_units else SELF)
    )
    basis = next((k for k in (FINAL, VERIFIED) if found[k] is not None and found[k].institution), SELF)
    target = (
        gap_target
        if gap_target in range(cat.model.min_value + 1, cat.model.max_value + 1)
        else cat.model.max_value
    )
    board = InstitutionDashboard(
        campaign=campaign,
        campaigns=campaigns,
        catalogue=cat,
        cards=cards,
        progress=progress_of(assessments),
        heat_kind=heat,
        ranking=ranking(cat, assessments, found, heat),
        gap_kind=basis,
        gap_target=target,
        gaps=gaps(cat, (found[basis] or sources.CampaignLevels(basis)).institution, owners, target),
        owners=owners,
    )
    draw_institution(board, found, assessments)
    return board


def ranking(cat: Catalogue, assessments, found, rank_kind: str) -> list[UnitRow]:
    """Units by their unit index of `rank_kind` (unofficial), best first; units without one last."""
    self_units = found[SELF].units if found[SELF] else {}
    verified_units = found[VERIFIED].units if found[VERIFIED] else {}
    rows = []
    for a in assessments:
        own = self_units.get(a.unit_id)
        scores = {SELF: unit_score(cat, own), VERIFIED: unit_score(cat, verified_units.get(a.unit_id))}
        rows.append(UnitRow(a.unit, answered=len(own or {}), assigned=a.assigned, scores=scores))
    scored = sorted(
        (r for r in rows if r.scores.get(rank_kind)), key=lambda r: (-r.scores[rank_kind].index, r.unit.name)
    )
    for n, row in enumerate(scored, start=1):
        row.rank = n
    return scored + sorted((r for r in rows if not r.scores.get(rank_kind)), key=lambda r: r.unit.name)


def gaps(cat: Catalogue, levels: dict, owners: dict, target: int, limit: int = 10) -> list[Gap]:
    """Indicators by index points lost: weight × (target − level) / total weight, largest first.
    Left out: indicators without a level of this kind yet, and those whose value comes from
    another agency (no unit can close them)."""
    total = cat.total_weight
    rules = {r.number: r for r in cat.model.indicators}
    found = []
    for indicator in cat.indicators:
        rule = rules[indicator.number]
        level = levels.get(indicator.number)
        if rule.external or level is None:
            continue
        distance = target - level
        if distance > 0:
            found.append(
                Gap(indicator, owners.get(indicator.number), level, target, rule.weight * distance / total)
            )
    found.sort(key=lambda g: (-g.points, g.indicator.number))
    return found[:limit]


def draw_institution(board: InstitutionDashboard, found, assessments) -> None:
    cat, model = board.catalogue, board.catalogue.model
    kinds = [c for c in board.cards if c.available]
    scores = {c.kind: c.score or c.partial for c in kinds}
    aspect_names, domain_names = cat.aspect_names(), cat.domain_names()
    board.aspect_chart = charts.grouped_bars(
        [aspect_names[n] for n in sorted(aspect_names)],
        [
            charts.Series(k, str(KIND_LABELS[k]), {aspect_names[n]: v for n, v in s.aspects.items()})
            for k, s in scores.items()
            if s
        ],
        max_value=model.max_value,
        title=_("Indeks per aspek"),
        chart_id="aspek",
    )
    if domain_names:
        board.domain_chart = charts.grouped_bars(
            [domain_names[n] for n in sorted(domain_names)],
            [
                charts.Series(k, str(KIND_LABELS[k]), {domain_names[n]: v for n, v in s.domains.items()})
                for k, s in scores.items()
                if s
            ],
            max_value=model.max_value,
            title=_("Indeks per domain"),
            chart_id="domain",
        )
    levels = found[board.heat_kind].units if found.get(board.heat_kind) else {}
    units = sorted({a.unit for a in assessments if levels.get(a.unit_id)}, key=lambda u: u.name)
    owner_ids = {n: u.pk for n, u in board.owners.items()}
    cells = {
        (u.pk, n): charts.Cell(v, owner_ids.get(n) == u.pk) for u in units for n, v in levels[u.pk].items()
    }
    board.heatmap = (
        charts.heatmap(
            [(u.pk, u.short_name or u.name) for u in units],
            [(i.number, i.label) for i in cat.indicators],
            cells,
            max_value=model.max_value,
            title=_("Level per unit dan indikator (%(kind)s)") % {"kind": KIND_LABELS[board.heat_kind]},
            owner_note=_("tebal dan bersegitiga = unit penanggung jawab indikator"),
        )
        if units
        else ""
    )


# -- unit dashboard -----------------------------------------------------------------------------------


@dataclass
class UnitIndicatorRow:
    indicator: Indicator
    is_owner: bool
    own: dict  # kind -> level of this unit (self, verified)
    institution: dict  # kind -> the institution's level (self, verified, final)
    previous: dict  # kind -> this unit's level in the previous campaign


@dataclass
class UnitDashboard:
    unit: object
    campaign: Campaign | None
    campaigns: list
    previous: Campaign | None
    catalogue: Catalogue | None = None
    scores: dict = field(default_factory=dict)  # kind -> unit index (unofficial)
    previous_scores: dict = field(default_factory=dict)
    available: dict = field(default_factory=dict)  # kind -> source available
    rows: list[UnitIndicatorRow] = field(default_factory=list)
    findings: list = field(default_factory=list)  # (indicator, Finding)
    chart: str = ""


def build_unit(unit, campaign_pk=None) -> UnitDashboard:
    """A unit's own index (self vs verified), its levels against the institution's and against
    its previous campaign, and its open findings. Coaching actions are added by the view."""
    campaigns = [
        a.campaign
        for a in UnitAssessment.objects.filter(unit=unit)
        .select_related("campaign__framework_version__framework")
        .order_by("campaign__opens_on")
    ]
    campaign = current_campaign(campaigns, campaign_pk)
    if campaign is None:
        return UnitDashboard(unit, None, campaigns, None)
    framework_id = campaign.framework_version.framework_id
    earlier = [
        c
        for c in campaigns
        if c.kind == Campaign.FULL
        and c.opens_on < campaign.opens_on
        and c.framework_version.framework_id == framework_id
    ]
    previous = earlier[-1] if earlier else None
    cat = catalogue(campaign.framework_version)
    board = UnitDashboard(unit, campaign, campaigns, previous, cat)
    now, before = campaign_levels(campaign), campaign_levels(previous) if previous else {}
    board.available = {k: now[k] is not None for k in now}
    own = {k: (now[k].units.get(unit.pk, {}) if now[k] else {}) for k in (SELF, VERIFIED)}
    old = {k: (before[k].units.get(unit.pk, {}) if before.get(k) else {}) for k in (SELF, VERIFIED)}
    board.scores = {k: unit_score(cat, v) for k, v in own.items()}
    board.previous_scores = {k: unit_score(cat, v) for k, v in old.items()}
    owned = {n for n, u in owners_of(campaign).items() if u.pk == unit.pk}
    board.rows = unit_rows(cat, owned, own, now, old)
    board.findings = [
        (cat.by_number.get(f.indicator_number), f)
        for f in sources.findings(campaign, [unit.pk]).get(unit.pk, [])
    ]
    board.chart = unit_chart(cat, board.rows)
    return board


def unit_rows(cat: Catalogue, owned: set, own: dict, now: dict, old: dict) -> list[UnitIndicatorRow]:
    """The indicators the unit owns or has levels for, each kind in its own column."""
    rows = []
    for indicator in cat.indicators:
        n = indicator.number
        if n not in own[SELF] and n not in own[VERIFIED] and n not in owned:
            continue
        rows.append(
            UnitIndicatorRow(
                indicator,
                n in owned,
                {k: v.get(n) for k, v in own.items()},
                {k: (now[k].institution.get(n) if now[k] else None) for k in now},
                {k: v.get(n) for k, v in old.items()},
            )
        )
    return rows


def unit_chart(cat: Catalogue, rows: list[UnitIndicatorRow]) -> str:
    if not rows:
        return ""
    names = {r.indicator.number: f"{r.indicator.label} {r.indicator.short_name}" for r in rows}
    series = [
        charts.Series(k, str(KIND_LABELS[k]), {names[r.indicator.number]: r.own[k] for r in rows})
        for k in (SELF, VERIFIED)
    ]
    return charts.grouped_bars(
        list(names.values()),
        series,
        max_value=cat.model.max_value,
        title=_("Level unit per indikator"),
        chart_id="unit",
    )
