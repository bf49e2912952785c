"""The institution's result of a campaign, read side: per indicator the units behind it, the
proposed level by the indicator's rule, the settled final level; and three indices side by
side — self-assessed, verified and final — each computed by the scoring engine from its own
levels only, never mixed.

The institution-level self-assessed and verified values of an indicator are those of its
owner unit (penanggung jawab), as the insight dashboards read them.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from assessment.models import Answer, Responsibility
from instrument.models import Indicator
from instrument.scoring import Score
from review import consolidation, queries
from review.levels import as_engine_value
from review.models import Approval, IndicatorResult, Verdict

SELF, VERIFIED, FINAL = "self", "verified", "final"
KIND_LABELS = {
    SELF: _("Penilaian mandiri"),
    VERIFIED: _("Terverifikasi"),
    FINAL: _("Final instansi"),
}
KIND_NOTES = {
    SELF: _("Level yang diklaim unit penanggung jawab setiap indikator."),
    VERIFIED: _("Level terverifikasi unit penanggung jawab (putusan terakhir verifikator)."),
    FINAL: _("Level final yang ditetapkan verifikator untuk instansi."),
}


@dataclass
class UnitBasis:
    answer: Answer
    is_owner: bool
    verdict: Verdict | None

    @property
    def unit(self):
        return self.answer.assessment.unit

    @property
    def claimed(self) -> Fraction | None:
        return None if self.answer.level is None else Fraction(self.answer.level)

    @property
    def verified(self) -> Fraction | None:
        return self.verdict.verified_level if self.verdict else None


@dataclass
class IndicatorRow:
    indicator: Indicator
    owner_name: str
    units: list[UnitBasis]
    result: IndicatorResult | None
    proposal: consolidation.Proposal | None

    @property
    def rule(self) -> str:
        return self.result.rule if self.result else consolidation.OWNER

    @property
    def threshold(self) -> int | None:
        return self.result.threshold if self.result else None

    @property
    def owner(self) -> UnitBasis | None:
        return next((u for u in self.units if u.is_owner), None)

    @property
    def self_level(self) -> Fraction | None:
        return self.owner.claimed if self.owner else None

    @property
    def verified_level(self) -> Fraction | None:
        return self.owner.verified if self.owner else None

    @property
    def final_level(self) -> Fraction | None:
        return self.result.final_level if self.result else None

    def level(self, kind: str) -> Fraction | None:
        return {SELF: self.self_level, VERIFIED: self.verified_level, FINAL: self.final_level}[kind]


@dataclass
class IndexColumn:
    kind: str
    values: dict[int, Fraction]
    score: Score | None
    total: int
    assumed: list[int] = field(default_factory=list)  # external indicators given the framework's default

    @property
    def label(self):
        return KIND_LABELS[self.kind]

    @property
    def note(self):
        return KIND_NOTES[self.kind]

    @property
    def given(self) -> int:
        return len(self.values)

    @property
    def complete(self) -> bool:
        return self.score is not None


@dataclass
class InstitutionResult:
    campaign: object
    rows: list[IndicatorRow]
    columns: list[IndexColumn]
    approval: Approval | None
    history: list[Approval]

    @property
    def locked(self) -> bool:
        return self.approval is not None

    @property
    def unsettled(self) -> list[IndicatorRow]:
        return [r for r in self.rows if r.final_level is None]

    def column(self, kind: str) -> IndexColumn:
        return next(c for c in self.columns if c.kind == kind)


def index_column(version, kind: str, values: dict[int, Fraction]) -> IndexColumn:
    """The engine's score over `values` when every indicator has one (external indicators
    without a value take the framework's `missing_external_value`, if it names one)."""
    engine = version.engine()
    default = version.content.get("options", {}).get("missing_external_value")
    levels, assumed = dict(values), []
    for rule in engine.model.indicators:
        if rule.number not in levels and rule.external and default is not None:
            levels[rule.number], assumed = Fraction(default), [*assumed, rule.number]
    total = len(engine.model.indicators)
    if len(levels) < total:
        return IndexColumn(kind, values, None, total)
    score = engine.score_parsed({n: as_engine_value(v) for n, v in levels.items()})
    return IndexColumn(kind, values, score, total, assumed)


def build(campaign) -> InstitutionResult:
    """Everything the result page, the Berita Acara and the export need, in seven queries."""
    version = campaign.framework_version
    indicators = list(Indicator.objects.filter(version=version).select_related("aspect").order_by("number"))
    responsibilities = {
        r.indicator_id: r
        for r in Responsibility.objects.filter(campaign=campaign)
        .select_related("owner")
        .prefetch_related(Prefetch("contributors"))
    }
    answers: dict[int, list[Answer]] = {}
    for answer in (
        Answer.objects.filter(assessment__campaign=campaign)
        .select_related("assessment__unit")
        .order_by("assessment__unit__name")
    ):
        answer.assessment.campaign = campaign
        answers.setdefault(answer.indicator_id, []).append(answer)
    latest = queries.latest_verdicts(Verdict.objects.filter(answer__assessment__campaign=campaign))
    results = {
        r.indicator_id: r
        for r in IndicatorResult.objects.filter(campaign=campaign).select_related("settled_by")
    }
    rows = [
        _row(
            indicator,
            responsibilities.get(indicator.pk),
            answers.get(indicator.pk, []),
            latest,
            results.get(indicator.pk),
        )
        for indicator in indicators
    ]
    columns = [
        index_column(
            version, kind, {r.indicator.number: r.level(kind) for r in rows if r.level(kind) is not None}
        )
        for kind in (SELF, VERIFIED, FINAL)
    ]
    history = list(Approval.objects.filter(campaign=campaign).select_related("approved_by", "revoked_by"))
    current = next((a for a in history if a.revoked_at is None), None)
    return InstitutionResult(campaign, rows, columns, current, history)


def _row(indicator, responsibility, answers, latest, result) -> IndicatorRow:
    owner_id = responsibility.owner_id if responsibility else None
    units = [UnitBasis(a, a.assessment.unit_id == owner_id, latest.get(a.pk)) for a in answers]
    units.sort(key=lambda u: (not u.is_owner, u.unit.name))
    proposal = None
    if units:
        rule = result.rule if result else consolidation.OWNER
        threshold = result.threshold if result else None
        proposal = consolidation.propose(
            rule,
            [consolidation.UnitLevel(u.unit.short_name, u.verified, u.is_owner) for u in units],
            threshold,
        )
    owner_name = responsibility.owner.short_name if responsibility else ""
    return IndicatorRow(indicator, owner_name, units, result, proposal)


def final_levels(campaign) -> dict[int, Fraction]:
    """{indicator number: final level} of the settled indicators."""
    return {
        number: level
        for number, level in IndicatorResult.objects.filter(
            campaign=campaign, final_level__isnull=False
        ).values_list("indicator__number", "final_level")
    }
