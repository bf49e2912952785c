"""The planner page's context: the institution's levels of one kind, the framework's rules and
effort estimates go into the pure planner; its steps come back with the next level's criteria,
evidence guidance and owner unit. Every index here is labelled: current (of its kind) or
simulated (what the plan would give)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from insight import planner, sources
from insight.dashboards import owners_of
from insight.models import EffortEstimate
from instrument.models import EvidenceItem, Indicator, LevelCriterion
from instrument.scoring import Score


@dataclass
class StepView:
    step: planner.Step
    indicator: Indicator
    criterion: LevelCriterion | None
    evidence_items: list
    owner: object


@dataclass
class PlannerResult:
    campaign: object
    kind: str
    plan: planner.Plan | None = None
    error: str = ""
    steps: list[StepView] = field(default_factory=list)
    current: Score | None = None  # of `kind`, when every indicator has a value
    simulated: Score | None = None
    answered: int = 0
    total: int = 0
    efforts: dict = field(default_factory=dict)
    available: bool = True

    @property
    def kind_label(self) -> str:
        return str(sources.KIND_LABELS[self.kind])


def efforts_for(institution, framework) -> dict[int, int]:
    return dict(
        EffortEstimate.objects.filter(institution=institution, framework=framework).values_list(
            "indicator_number", "effort"
        )
    )


def build_plan(campaign, kind: str, target, use_effort: bool = False) -> PlannerResult:
    """Plan from the institution's `kind` levels of `campaign` to `target` (predicate or index)."""
    version = campaign.framework_version
    engine = version.engine()
    result = PlannerResult(campaign, kind, total=len(engine.model.indicators))
    result.efforts = efforts_for(campaign.institution, version.framework)
    found = sources.collect([campaign], kind, units=False)
    if found is None:
        result.available = False
        return result
    levels = found.get(campaign.pk, sources.CampaignLevels(kind)).institution
    result.answered = len(levels)
    if not levels:
        result.error = _("Belum ada level %(kind)s untuk periode ini.") % {"kind": result.kind_label}
        return result
    if levels and len(levels) == result.total:
        result.current = engine.score_parsed(levels)
    try:
        result.plan = planner.plan(engine.model, levels, target, result.efforts if use_effort else None)
    except planner.PlannerError as exc:
        result.error = planner_error_text(exc)
        return result
    values = {
        r.number: Fraction(levels.get(r.number, engine.model.min_value)) for r in engine.model.indicators
    }
    for step in result.plan.steps:
        values[step.indicator] = Fraction(step.to_level)
    result.simulated = engine.score_parsed(values, kind="simulated")
    result.steps = step_views(campaign, result.plan)
    return result


def step_views(campaign, plan: planner.Plan) -> list[StepView]:
    """Each step with the criteria and evidence items of the level it reaches (3 queries)."""
    numbers = {s.indicator for s in plan.steps}
    if not numbers:
        return []
    indicators = {
        i.number: i
        for i in Indicator.objects.filter(
            version=campaign.framework_version, number__in=numbers
        ).prefetch_related(
            Prefetch("criteria", queryset=LevelCriterion.objects.order_by("level")),
            Prefetch("evidence_items", queryset=EvidenceItem.objects.order_by("level", "position")),
        )
    }
    owners = owners_of(campaign)
    views = []
    for step in plan.steps:
        indicator = indicators[step.indicator]
        criterion = next((c for c in indicator.criteria.all() if c.level == step.to_level), None)
        items = [e for e in indicator.evidence_items.all() if e.level == step.to_level]
        views.append(StepView(step, indicator, criterion, items, owners.get(step.indicator)))
    return views


def planner_error_text(exc: planner.PlannerError) -> str:
    texts = {
        "unknown-predicate": _("Predikat tidak dikenal: %(target)s."),
        "target-out-of-range": _("Target harus antara %(low)s dan %(high)s."),
        "value-out-of-scale": _("Nilai indikator %(number)s di luar skala."),
        "negative-effort": _("Perkiraan usaha tidak boleh negatif."),
    }
    return texts[exc.kind] % exc.params
