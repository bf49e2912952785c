"""Where each kind of level comes from: the one seam between insight and the other apps.

Three kinds, never mixed: "self" (the units' own claims, `Answer.level`), "verified" (the
verifiers' verified level per answer, latest round, from the review app) and "final" (the
institution's settled level per indicator, from the review app). Everything else in insight asks
this module and labels what it shows with `KIND_LABELS`.

If the review app (or the part of it needed) is not there, the verified and final kinds are
simply unavailable (`collect` returns None) and the pages say so; nothing else has to care.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from fractions import Fraction

from django.apps import apps
from django.core.exceptions import FieldError
from django.utils.translation import gettext_lazy as _

from assessment.models import Answer

log = logging.getLogger(__name__)

SELF, VERIFIED, FINAL = "self", "verified", "final"
KINDS = (SELF, VERIFIED, FINAL)
KIND_LABELS = {
    SELF: _("penilaian mandiri"),
    VERIFIED: _("terverifikasi"),
    FINAL: _("final instansi"),
}


@dataclass
class CampaignLevels:
    """One kind of levels of one campaign: the institution's per indicator number, and (for the
    kinds that have them) each unit's own per indicator number."""

    kind: str
    institution: dict[int, Fraction] = field(default_factory=dict)
    units: dict[int, dict[int, Fraction]] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """An open finding of a verifier on one of a unit's answers (verdict "revisi")."""

    indicator_number: int
    reason: str
    text: str


def collect(campaigns, kind: str, *, units: bool = True) -> dict[int, CampaignLevels] | None:
    """Levels of `kind` for each campaign (by pk), in a fixed number of queries; `units=False`
    skips the per-unit levels. None when the source of that kind is not available."""
    campaign_ids = [c.pk for c in campaigns]
    if not campaign_ids:
        return {}
    try:
        return PROVIDERS[kind](campaign_ids, units)
    except (LookupError, FieldError, AttributeError, ImportError) as exc:  # review changed under us
        log.warning("insight: levels of kind %s unavailable: %s", kind, exc)
        return None


def levels(campaign, kind: str, unit=None) -> dict[int, Fraction]:
    """{indicator number: level} of one campaign: the institution's, or with `unit` that unit's."""
    found = collect([campaign], kind, units=unit is not None)
    if not found:
        return {}
    result = found.get(campaign.pk, CampaignLevels(kind))
    return result.units.get(unit.pk, {}) if unit is not None else result.institution


def available(kind: str) -> bool:
    return kind == SELF or _review_model(_REVIEW_MODELS[kind]) is not None


def findings(campaign, unit_ids) -> dict[int, list[Finding]]:
    """Open findings per unit: answers whose latest verdict asks for revision."""
    try:
        return _review_findings(campaign.pk, set(unit_ids))
    except (LookupError, FieldError, AttributeError, ImportError) as exc:
        log.warning("insight: findings unavailable: %s", exc)
        return {}


# -- self-assessed ----------------------------------------------------------------------------------


def _self_levels(campaign_ids, units: bool) -> dict[int, CampaignLevels]:
    """From the answers: each unit its own claims; the institution its owner units' claims."""
    rows = Answer.objects.filter(assessment__campaign_id__in=campaign_ids, level__isnull=False)
    if not units:
        rows = rows.filter(part=Answer.OWNER)
    result = {pk: CampaignLevels(SELF) for pk in campaign_ids}
    for campaign_id, unit_id, number, part, level in rows.values_list(
        "assessment__campaign_id", "assessment__unit_id", "indicator__number", "part", "level"
    ):
        entry = result[campaign_id]
        if units:
            entry.units.setdefault(unit_id, {})[number] = Fraction(level)
        if part == Answer.OWNER:
            entry.institution[number] = Fraction(level)
    return result


# -- from the review app ------------------------------------------------------------------------------
# review.models.Verdict: append-only, one row per answer per round; the verified level of an
# answer is the `verified_level` of its latest verdict (highest round, then newest row).
# review.models.IndicatorResult: the institution's `final_level` per indicator, once settled.
# Levels are exact (review.levels.LevelField reads them back as Fraction).

_REVIEW_MODELS = {VERIFIED: "Verdict", FINAL: "IndicatorResult"}


def _review_model(name: str):
    if not apps.is_installed("review"):
        return None
    try:
        return apps.get_model("review", name)
    except LookupError:
        return None


def _verified_levels(campaign_ids, units: bool) -> dict[int, CampaignLevels] | None:
    verdict = _review_model(_REVIEW_MODELS[VERIFIED])
    if verdict is None:
        return None
    rows = verdict.objects.filter(answer__assessment__campaign_id__in=campaign_ids)
    if not units:
        rows = rows.filter(answer__part=Answer.OWNER)
    latest: dict[int, tuple] = {}
    for answer_id, rnd, pk, campaign_id, unit_id, number, part, level in rows.values_list(
        "answer_id",
        "round",
        "pk",
        "answer__assessment__campaign_id",
        "answer__assessment__unit_id",
        "answer__indicator__number",
        "answer__part",
        "verified_level",
    ):
        if answer_id not in latest or (rnd, pk) > latest[answer_id][:2]:
            latest[answer_id] = (rnd, pk, campaign_id, unit_id, number, part, level)
    result = {pk: CampaignLevels(VERIFIED) for pk in campaign_ids}
    for _rnd, _pk, campaign_id, unit_id, number, part, level in latest.values():
        if level is None:  # the latest verdict gives no level: nothing verified
            continue
        entry = result[campaign_id]
        if units:
            entry.units.setdefault(unit_id, {})[number] = Fraction(level)
        if part == Answer.OWNER:
            entry.institution[number] = Fraction(level)
    return result


def _final_levels(campaign_ids, units: bool) -> dict[int, CampaignLevels] | None:
    result_model = _review_model(_REVIEW_MODELS[FINAL])
    if result_model is None:
        return None
    result = {pk: CampaignLevels(FINAL) for pk in campaign_ids}
    rows = result_model.objects.filter(campaign_id__in=campaign_ids, final_level__isnull=False)
    for campaign_id, number, level in rows.values_list("campaign_id", "indicator__number", "final_level"):
        result[campaign_id].institution[number] = Fraction(level)
    return result


def _review_findings(campaign_id: int, unit_ids: set[int]) -> dict[int, list[Finding]]:
    verdict = _review_model(_REVIEW_MODELS[VERIFIED])
    if verdict is None or not unit_ids:
        return {}
    rows = verdict.objects.filter(
        answer__assessment__campaign_id=campaign_id, answer__assessment__unit_id__in=unit_ids
    )
    latest: dict[int, tuple] = {}
    for answer_id, rnd, pk, unit_id, number, decision, reason, text in rows.values_list(
        "answer_id",
        "round",
        "pk",
        "answer__assessment__unit_id",
        "answer__indicator__number",
        "decision",
        "reason",
        "justification",
    ):
        if answer_id not in latest or (rnd, pk) > latest[answer_id][:2]:
            latest[answer_id] = (rnd, pk, unit_id, number, decision, reason, text)
    reasons = dict(verdict._meta.get_field("reason").choices)
    found: dict[int, list[Finding]] = {}
    for _rnd, _pk, unit_id, number, decision, reason, text in sorted(latest.values(), key=lambda r: r[3]):
        if decision == "revise":
            found.setdefault(unit_id, []).append(Finding(number, str(reasons.get(reason, reason)), text))
    return found


PROVIDERS = {SELF: _self_levels, VERIFIED: _verified_levels, FINAL: _final_levels}
