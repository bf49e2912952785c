"""Reading verdicts: the latest verdict per answer, the review state of an answer, the cascade
of its evidence items. Each helper loads what it needs in one query."""

from django.utils.translation import gettext_lazy as _

from assessment.models import UnitAssessment
from instrument.models import EvidenceItem
from review import cascade
from review.models import ItemVerdict, Verdict

NOT_SUBMITTED, PENDING, RESUBMITTED = "not_submitted", "pending", "resubmitted"
TO_RETURN, RETURNED, ACCEPTED = "to_return", "returned", "accepted"
STATES = {
    NOT_SUBMITTED: _("Belum dikirim unit"),
    PENDING: _("Belum diverifikasi"),
    RESUBMITTED: _("Dikirim ulang, perlu diperiksa"),
    TO_RETURN: _("Revisi, belum dikembalikan"),
    RETURNED: _("Dikembalikan, menunggu unit"),
    ACCEPTED: _("Diterima"),
}
IN_REVIEW = {UnitAssessment.SUBMITTED, UnitAssessment.UNDER_REVIEW}


def latest_verdicts(verdicts) -> dict[int, Verdict]:
    """{answer id: latest verdict} from a Verdict queryset: the highest round, then the newest."""
    latest: dict[int, Verdict] = {}
    for verdict in verdicts.order_by("round", "pk"):
        latest[verdict.answer_id] = verdict
    return latest


def latest_verdict(answer, up_to_round: int | None = None) -> Verdict | None:
    verdicts = Verdict.objects.filter(answer=answer)
    if up_to_round is not None:
        verdicts = verdicts.filter(round__lte=up_to_round)
    return verdicts.order_by("-round", "-pk").first()


def review_state(assessment, verdict) -> str:
    """Where an answer stands in verification, from its assessment and its latest verdict."""
    if assessment.status == UnitAssessment.DRAFT:
        return NOT_SUBMITTED
    if verdict is None:
        return PENDING if assessment.status != UnitAssessment.RETURNED else NOT_SUBMITTED
    if verdict.decision == Verdict.ACCEPT:
        return ACCEPTED
    if assessment.status == UnitAssessment.RETURNED:
        return RETURNED
    if verdict.round < assessment.round:
        return RESUBMITTED
    return TO_RETURN


def latest_item_verdicts(answer) -> dict[str, ItemVerdict]:
    latest: dict[str, ItemVerdict] = {}
    for item in ItemVerdict.objects.filter(answer=answer).order_by("round", "pk").select_related("verifier"):
        latest[item.item_code] = item
    return latest


def evidence_items(answer) -> list[EvidenceItem]:
    return list(EvidenceItem.objects.filter(indicator_id=answer.indicator_id).order_by("level", "position"))


def uses_cascade(answer, items=None) -> bool:
    """The framework's level rule applies when it says so and the indicator lists items."""
    version = answer.assessment.campaign.framework_version
    if not version.level_cascade:
        return False
    return bool(items if items is not None else evidence_items(answer))


def answer_cascade(answer, items=None, item_verdicts=None) -> cascade.Cascade:
    """The rule applied to the latest item verdicts of `answer`, capped at the claimed level."""
    items = evidence_items(answer) if items is None else items
    item_verdicts = latest_item_verdicts(answer) if item_verdicts is None else item_verdicts
    version = answer.assessment.campaign.framework_version
    status = {
        code: (cascade.ACCEPTED if v.decision == Verdict.ACCEPT else cascade.REVISE)
        for code, v in item_verdicts.items()
    }
    return cascade.decide(
        [cascade.Item(i.code, i.level, status.get(i.code, cascade.PENDING)) for i in items],
        claimed=answer.level,
        min_level=version.values["min"],
        max_level=version.values["max"],
    )


def cascade_band(answer, result: cascade.Cascade) -> cascade.Band:
    version = answer.assessment.campaign.framework_version
    return cascade.value_band(
        result.level,
        claimed=answer.level,
        min_level=version.values["min"],
        max_level=version.values["max"],
        fractional=version.values.get("fractional", False),
    )
