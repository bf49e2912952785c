"""The leadership page (Bupati/Wali Kota and Sekda): index, predicate, trend, the units furthest
behind and what is being done about them. Light enough for a phone."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import UnitAssessment
from insight import charts, dashboards, trends
from insight.models import Action, MentoringSession
from insight.sources import FINAL, SELF, VERIFIED


@dataclass
class Behind:
    unit: object
    score: object  # unit index (unofficial) of `kind`
    open_actions: int = 0
    overdue_actions: int = 0
    next_due: object = None
    last_session: object = None


@dataclass
class Leadership:
    campaign: object
    cards: list
    latest_official: trends.Point | None
    trend_chart: str
    rank_kind: str
    behind: list[Behind] = field(default_factory=list)


def build_leadership(institution, limit: int = 5) -> Leadership | None:
    campaigns = dashboards.campaigns_of(institution)
    campaign = dashboards.current_campaign(campaigns)
    official = trends.official_points(institution)
    if campaign is None and not official:
        return None
    cards, behind, rank_kind = [], [], SELF
    if campaign is not None:
        cat = dashboards.catalogue(campaign.framework_version)
        found = dashboards.campaign_levels(campaign)
        cards = [
            dashboards.index_card(cat, k, None if found[k] is None else found[k].institution)
            for k in (FINAL, VERIFIED, SELF)
        ]
        rank_kind = VERIFIED if found[VERIFIED] and found[VERIFIED].units else SELF
        assessments = list(
            UnitAssessment.objects.filter(campaign=campaign)
            .select_related("unit")
            .annotate(assigned=Count("answers"))
        )
        rows = dashboards.ranking(cat, assessments, found, rank_kind)
        scored = [r for r in rows if r.scores.get(rank_kind)]
        behind = [Behind(r.unit, r.scores[rank_kind]) for r in reversed(scored[-limit:])]
        _add_coaching(behind)
    points, _incomplete = trends.campaign_points(campaigns)
    points = sorted(official + points, key=lambda p: (p.year, trends.TREND_KINDS.index(p.kind)))
    years = sorted({p.year for p in points})
    chart = (
        charts.line_chart(
            years,
            [
                charts.Series(k, trends.kind_label(k), {p.year: p.index for p in points if p.kind == k})
                for k in trends.TREND_KINDS
            ],
            width=420,
            height=230,
            title=_("Tren indeks"),
            chart_id="pimpinan",
        )
        if points
        else ""
    )
    return Leadership(campaign, cards, official[-1] if official else None, chart, rank_kind, behind)


def _add_coaching(behind: list[Behind]) -> None:
    """What is being done: open and overdue actions, the next due date, the last session (2 queries)."""
    if not behind:
        return
    ids = [b.unit.pk for b in behind]
    today = timezone.localdate()
    actions = {
        row["plan__unit"]: row
        for row in Action.objects.filter(plan__unit_id__in=ids)
        .open()
        .values("plan__unit")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today)), next_due=Min("due_on"))
    }
    sessions = dict(
        MentoringSession.objects.filter(plan__unit_id__in=ids)
        .values("plan__unit")
        .annotate(last=Max("held_on"))
        .values_list("plan__unit", "last")
    )
    for b in behind:
        row = actions.get(b.unit.pk, {})
        b.open_actions, b.overdue_actions = row.get("n", 0), row.get("late", 0)
        b.next_due, b.last_session = row.get("next_due"), sessions.get(b.unit.pk)
