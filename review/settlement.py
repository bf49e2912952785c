"""State changes of the institution's result: choosing an indicator's rule, settling its final
level, the Koordinator SPBE's approval (which locks the result) and an admin's reopening.
Each is atomic and audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from instrument.scoring import format_id
from review import consolidation, results
from review.levels import parse_level, show
from review.models import Approval, IndicatorResult
from review.services import ReviewError, ensure_unlocked


@transaction.atomic
def settle_indicator(
    actor,
    campaign,
    indicator,
    *,
    rule: str,
    threshold=None,
    final_level=None,
    explanation: str = "",
    request=None,
) -> IndicatorResult:
    """Set the indicator's proposal rule and, when `final_level` is given, its final level with
    the explanation of why (both required together)."""
    ensure_unlocked(campaign)
    version = campaign.framework_version
    if rule not in consolidation.RULES:
        raise ReviewError(_("Pilih aturan usulan."))
    threshold = _threshold(rule, threshold, version)
    result, _created = IndicatorResult.objects.select_for_update().get_or_create(
        campaign=campaign, indicator=indicator
    )
    before = _state(result)
    result.rule, result.threshold = rule, threshold
    if final_level not in (None, ""):
        result.final_level, result.explanation = _final(final_level, explanation, version)
        result.settled_by, result.settled_at = actor, timezone.now()
    result.save()
    if _state(result) != before:
        record(
            "review.settle",
            actor=actor,
            obj=campaign,
            institution=campaign.institution,
            request=request,
            before={indicator.label: before},
            after={indicator.label: _state(result)},
        )
    return result


def _state(result: IndicatorResult) -> dict:
    return {
        "rule": result.rule,
        "threshold": result.threshold,
        "final_level": show(result.final_level),
        "explanation": result.explanation,
    }


def _final(raw, explanation: str, version):
    """A checked final level and its required explanation."""
    try:
        value = parse_level(raw, version)
    except ValueError as exc:
        raise ReviewError(str(exc)) from None
    explanation = (explanation or "").strip()
    if not explanation:
        raise ReviewError(_("Isi penjelasan level final: dasar penetapannya dari hasil unit."))
    return value, explanation


def _threshold(rule: str, raw, version) -> int | None:
    if rule not in consolidation.THRESHOLD_RULES:
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ReviewError(_("Aturan cakupan unit memerlukan level L.")) from None
    if value not in version.level_range:
        raise ReviewError(
            _("Level L harus antara %(min)s dan %(max)s.")
            % {"min": version.values["min"], "max": version.values["max"]}
        )
    return value


def document_number(campaign, now) -> str:
    """BA number, never reused: a running number per institution and year (revoked ones count)."""
    count = Approval.objects.filter(
        campaign__institution=campaign.institution, approved_at__year=now.year
    ).count()
    slug = campaign.framework_version.framework.slug.split("-")[0].upper()
    return f"{count + 1:03d}/BA-PM-{slug}/{campaign.institution.slug.upper()}/{now.year}"


@transaction.atomic
def approve_result(actor, campaign, request=None) -> Approval:
    """The Koordinator SPBE approves: every indicator must have its final level. The final
    levels, the index and the predicate are kept with the approval; the result is locked."""
    ensure_unlocked(campaign)
    result = results.build(campaign)
    if result.unsettled:
        raise ReviewError(
            _("Level final belum ditetapkan untuk: %(labels)s.")
            % {"labels": ", ".join(r.indicator.label for r in result.unsettled[:20])}
        )
    final = result.column(results.FINAL)
    if final.score is None:
        raise ReviewError(_("Indeks final belum dapat dihitung."))
    now = timezone.now()
    approval = Approval.objects.create(
        campaign=campaign,
        number=document_number(campaign, now),
        approved_by=actor,
        approved_at=now,
        index_value=str(final.score.index),
        index_display=format_id(final.score.index),
        predicate=final.score.predicate,
        levels={str(n): str(v) for n, v in sorted(final.values.items())},
    )
    record(
        "review.approve",
        actor=actor,
        obj=campaign,
        institution=campaign.institution,
        request=request,
        after={
            "number": approval.number,
            "index": approval.index_display,
            "predicate": approval.predicate,
            "levels": approval.levels,
        },
    )
    return approval


@transaction.atomic
def reopen_result(actor, campaign, reason: str, request=None) -> Approval:
    """An admin reopens an approved result: the approval is revoked (kept, with who and why)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Alasan membuka kembali wajib diisi."))
    approval = Approval.objects.select_for_update().current().filter(campaign=campaign).first()
    if approval is None:
        raise ReviewError(_("Hasil instansi ini belum disetujui; tidak ada yang perlu dibuka."))
    approval.revoked_at, approval.revoked_by, approval.revoke_reason = timezone.now(), actor, reason
    approval.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    record(
        "review.reopen_result",
        actor=actor,
        obj=campaign,
        institution=campaign.institution,
        request=request,
        before={"number": approval.number, "index": approval.index_display},
        after={"reason": reason},
    )
    return approval
