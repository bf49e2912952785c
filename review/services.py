"""State changes of verification: snapshots at submission, verdicts, return and acceptance of a
unit assessment, interview notes, dismissing findings. Each is atomic and audited; pages,
commands and the demo loader all call these."""

import logging
from datetime import date
from fractions import Fraction

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import Answer, AnswerEvidence, Notice, UnitAssessment
from audit.services import record
from orgs.models import UNIT_ROLES, Membership
from review import cascade, queries
from review.levels import parse_level, show
from review.models import AnswerSnapshot, Approval, Finding, InterviewNote, ItemVerdict, Verdict

log = logging.getLogger(__name__)
REASON_KEYS = {key for key, _label in Verdict.REASONS}
BULK_JUSTIFICATION = "Diterima sekaligus: jawaban lengkap, data dukung ada, tanpa temuan integritas."


class ReviewError(ValueError):
    """A refusal with a message for the user; nothing was changed."""


def is_locked(campaign) -> bool:
    return Approval.objects.current().filter(campaign=campaign).exists()


def ensure_unlocked(campaign) -> None:
    if is_locked(campaign):
        raise ReviewError(
            _("Hasil instansi periode ini sudah disetujui dan terkunci; admin dapat membukanya kembali.")
        )


def _locked_assessment(assessment_id: int) -> UnitAssessment:
    return (
        UnitAssessment.objects.select_for_update()
        .select_related("campaign__framework_version__framework", "campaign__institution", "unit")
        .get(pk=assessment_id)
    )


def _ensure_reviewable(assessment: UnitAssessment) -> None:
    if assessment.status not in queries.IN_REVIEW:
        raise ReviewError(
            _("Penilaian unit ini tidak sedang menunggu verifikasi (status: %(status)s).")
            % {"status": assessment.get_status_display()}
        )
    ensure_unlocked(assessment.campaign)


# -- submission hooks (called from assessment.services) ------------------------------------------


def evidence_entry(attachment: AnswerEvidence) -> dict:
    evidence = attachment.evidence
    return {
        "id": evidence.pk,
        "title": evidence.title,
        "kind": evidence.kind,
        "sha256": evidence.sha256,
        "url": evidence.url,
        "item_code": attachment.item_code,
        "document_date": evidence.document_date.isoformat() if evidence.document_date else None,
    }


def snapshot_round(assessment: UnitAssessment) -> int:
    """Keep every answer of `assessment` as sent in its current round, then run the integrity
    checks on it. Called inside the submission's transaction. Returns the number of answers."""
    from review import integrity

    attachments = AnswerEvidence.objects.select_related("evidence").order_by("item_code", "pk")
    answers = list(assessment.answers.prefetch_related(Prefetch("attachments", queryset=attachments)))
    AnswerSnapshot.objects.bulk_create(
        AnswerSnapshot(
            answer=a,
            round=assessment.round,
            level=a.level,
            fakta=a.fakta,
            analisis=a.analisis,
            version=a.version,
            evidence=[evidence_entry(att) for att in a.attachments.all()],
        )
        for a in answers
    )
    try:
        with transaction.atomic():
            integrity.check_assessment(assessment)
    except Exception:  # a failing check must not stop a unit from submitting; the nightly run retries
        log.exception("integrity checks failed for assessment %s", assessment.pk)
    return len(answers)


def revision_block(answer: Answer) -> str | None:
    """Why the unit may not change `answer` while its assessment is returned for revision
    (None: it may). Only answers whose latest verdict asks for revision can change."""
    verdict = queries.latest_verdict(answer, up_to_round=answer.assessment.round)
    if verdict is not None and verdict.decision == Verdict.REVISE:
        return None
    if verdict is not None:
        return _(
            "Jawaban ini sudah diterima verifikator; hanya jawaban yang diminta revisi yang dapat diubah."
        )
    return _("Jawaban ini tidak diminta untuk direvisi; hanya jawaban yang diminta revisi yang dapat diubah.")


# -- verdicts -------------------------------------------------------------------------------------


def _items_json(result: cascade.Cascade) -> list[dict]:
    return [
        {
            "code": i.code,
            "level": i.level,
            "own": i.own,
            "status": i.status,
            "blocked_by_level": i.blocked_by_level,
            "blocked_by_items": list(i.blocked_by_items),
        }
        for i in result.items
    ]


def _cascade_value(answer, decision: str, raw) -> tuple[Fraction, list[dict]]:
    result = queries.answer_cascade(answer)
    if decision == Verdict.ACCEPT and result.level < answer.level:
        raise ReviewError(
            _(
                "Level %(level)s belum lengkap (butir belum diterima: %(items)s), jadi klaim level "
                "%(claimed)s belum dapat diterima. Pilih Revisi."
            )
            % {
                "level": result.first_incomplete,
                "items": ", ".join(result.missing) or "–",
                "claimed": answer.level,
            }
        )
    band = queries.cascade_band(answer, result)
    try:
        value = (
            band.low if raw in (None, "") else parse_level(raw, answer.assessment.campaign.framework_version)
        )
    except ValueError as exc:
        raise ReviewError(str(exc)) from None
    if not band.allows(value):
        if band.fractional and band.high > band.low:
            message = _(
                "Menurut aturan berjenjang nilainya %(low)s; nilai parsial boleh dari %(low)s sampai "
                "kurang dari %(high)s."
            )
        else:
            message = _("Menurut aturan berjenjang nilainya %(low)s.")
        raise ReviewError(message % {"low": show(band.low), "high": show(band.high)})
    return value, _items_json(result)


def _verified_value(answer, decision: str, raw) -> tuple[Fraction, list[dict]]:
    """The verified level of a verdict and, under the framework's level rule, the item outcomes."""
    if answer.level is None:
        raise ReviewError(_("Unit belum memilih level untuk indikator ini."))
    if queries.uses_cascade(answer):
        return _cascade_value(answer, decision, raw)
    version = answer.assessment.campaign.framework_version
    if decision == Verdict.ACCEPT:
        if raw not in (None, "") and parse_level_or_error(raw, version) != answer.level:
            raise ReviewError(
                _(
                    "Putusan diterima memakai level yang diklaim unit (%(level)s). Untuk level lain, "
                    "pilih Revisi dan isi level terverifikasi."
                )
                % {"level": answer.level}
            )
        return Fraction(answer.level), []
    if raw in (None, ""):
        raise ReviewError(_("Isi level terverifikasi: level yang menurut verifikator sudah terpenuhi."))
    return parse_level_or_error(raw, version), []


def parse_level_or_error(raw, version) -> Fraction:
    try:
        return parse_level(raw, version)
    except ValueError as exc:
        raise ReviewError(str(exc)) from None


def _checked_decision(decision: str, reason: str, justification: str) -> tuple[str, str]:
    """(reason, justification) of a valid verdict: a revise needs both, an accept keeps none."""
    if decision not in (Verdict.ACCEPT, Verdict.REVISE):
        raise ReviewError(_("Pilih putusan: diterima atau revisi."))
    justification = (justification or "").strip()
    if decision == Verdict.ACCEPT:
        return "", justification
    if reason not in REASON_KEYS:
        raise ReviewError(_("Pilih alasan revisi."))
    if not justification:
        raise ReviewError(_("Isi JUSTIFIKASI: apa yang kurang dan apa yang harus diperbaiki unit."))
    return reason, justification


def _start_review(actor, assessment: UnitAssessment, request) -> None:
    """The first verdict moves a submitted assessment to "under review"."""
    if assessment.status != UnitAssessment.SUBMITTED:
        return
    assessment.status = UnitAssessment.UNDER_REVIEW
    assessment.save(update_fields=["status"])
    record(
        "assessment.review",
        actor=actor,
        obj=assessment,
        institution=assessment.campaign.institution,
        request=request,
        before={"status": UnitAssessment.SUBMITTED},
        after={"status": assessment.status},
    )


@transaction.atomic
def record_verdict(
    actor,
    answer: Answer,
    decision: str,
    *,
    reason: str = "",
    verified_level=None,
    justification: str = "",
    bulk: bool = False,
    request=None,
) -> Verdict:
    """Append a verdict on `answer` in its assessment's current round.

    1. The assessment must be waiting for verification and the institution result unlocked.
    2. Revise needs a reason and a justification (JUSTIFIKASI).
    3. Under the framework's level rule the verified level comes from the item verdicts (a
       fractional value only within the band the rule leaves); otherwise an accept takes the
       claimed level and a revise the level the verifier enters.
    4. The first verdict moves a submitted assessment to "under review". Both are audited.
    """
    assessment = _locked_assessment(answer.assessment_id)
    answer.assessment = assessment
    _ensure_reviewable(assessment)
    reason, justification = _checked_decision(decision, reason, justification)
    value, items = _verified_value(answer, decision, verified_level)
    verdict = Verdict.objects.create(
        answer=answer,
        round=assessment.round,
        decision=decision,
        reason=reason,
        verified_level=value,
        justification=justification,
        items=items,
        bulk=bulk,
        verifier=actor,
    )
    _start_review(actor, assessment, request)
    after = {
        "round": verdict.round,
        "decision": decision,
        "reason": reason,
        "verified_level": str(value),
        "justification": justification,
        "bulk": bulk,
    }
    record(
        "review.verdict",
        actor=actor,
        obj=answer,
        institution=assessment.campaign.institution,
        request=request,
        after=after,
    )
    return verdict


def _item_verdict(answer, code: str, choice: tuple[str, str, str], codes: set[str], previous, actor):
    """A new ItemVerdict for `code`, or None when nothing was chosen or nothing changed."""
    decision, reason, note = choice
    if not decision:
        return None
    if code not in codes or decision not in (Verdict.ACCEPT, Verdict.REVISE):
        raise ReviewError(_("Butir %(code)s tidak dikenal pada indikator ini.") % {"code": code})
    if decision == Verdict.REVISE and reason not in REASON_KEYS:
        raise ReviewError(_("Pilih alasan revisi untuk butir %(code)s.") % {"code": code})
    reason = reason if decision == Verdict.REVISE else ""
    chosen = (answer.assessment.round, decision, reason, (note or "").strip())
    if previous and (previous.round, previous.decision, previous.reason, previous.note) == chosen:
        return None
    current, decision, reason, note = chosen
    return ItemVerdict(
        answer=answer,
        round=current,
        item_code=code,
        decision=decision,
        reason=reason,
        note=note,
        verifier=actor,
    )


@transaction.atomic
def record_item_verdicts(
    actor, answer: Answer, decisions: dict[str, tuple[str, str, str]], request=None
) -> cascade.Cascade:
    """Append verdicts on evidence items: {code: (decision, reason, note)}; an empty decision
    leaves the item as it is. Returns the level rule's outcome afterwards."""
    assessment = _locked_assessment(answer.assessment_id)
    answer.assessment = assessment
    _ensure_reviewable(assessment)
    codes = {i.code for i in queries.evidence_items(answer)}
    latest = queries.latest_item_verdicts(answer)
    rows = [
        row
        for code, choice in decisions.items()
        if (row := _item_verdict(answer, code, choice, codes, latest.get(code), actor))
    ]
    if rows:
        ItemVerdict.objects.bulk_create(rows)
        items = {r.item_code: [r.decision, r.reason, r.note] for r in rows}
        record(
            "review.item_verdicts",
            actor=actor,
            obj=answer,
            institution=assessment.campaign.institution,
            request=request,
            after={"round": assessment.round, "items": items},
        )
    return queries.answer_cascade(answer)


def bulk_accept(actor, campaign, answer_ids, request=None) -> tuple[list[Answer], list[tuple[Answer, str]]]:
    """Accept every chosen answer that is clean (see `queries.unclean_reason`); the others are
    returned with the reason they were skipped. Under the level rule the items up to the
    claimed level are accepted with it."""
    from review.queue import QueueData

    data = QueueData(campaign, answer_ids=answer_ids)
    accepted, skipped = [], []
    with transaction.atomic():
        for row in data.rows():
            if row.unclean:
                skipped.append((row.answer, row.unclean))
                continue
            if row.cascade_items:
                record_item_verdicts(
                    actor,
                    row.answer,
                    {code: (Verdict.ACCEPT, "", "") for code in row.cascade_items},
                    request=request,
                )
            record_verdict(
                actor,
                row.answer,
                Verdict.ACCEPT,
                justification=BULK_JUSTIFICATION,
                bulk=True,
                request=request,
            )
            accepted.append(row.answer)
    return accepted, skipped


# -- the unit assessment ----------------------------------------------------------------------------


@transaction.atomic
def return_assessment(
    actor, assessment: UnitAssessment, message: str, deadline, request=None
) -> list[Answer]:
    """Send the assessment back with the answers whose latest verdict asks for revision; the
    unit may change only those until `deadline`, then resubmits (round + 1)."""
    assessment = _locked_assessment(assessment.pk)
    _ensure_reviewable(assessment)
    if deadline is None or deadline <= timezone.now():
        raise ReviewError(_("Batas revisi harus di masa depan."))
    latest = queries.latest_verdicts(Verdict.objects.filter(answer__assessment=assessment))
    answers = list(assessment.answers.select_related("indicator").order_by("indicator__number"))
    to_revise = [a for a in answers if a.pk in latest and latest[a.pk].decision == Verdict.REVISE]
    if not to_revise:
        raise ReviewError(_("Belum ada jawaban dengan putusan revisi; tidak ada yang perlu dikembalikan."))
    before = {"status": assessment.status, "deadline": assessment.deadline}
    assessment.status, assessment.deadline = UnitAssessment.RETURNED, deadline
    assessment.save(update_fields=["status", "deadline"])
    labels = [a.indicator.label for a in to_revise]
    record(
        "assessment.return",
        actor=actor,
        obj=assessment,
        institution=assessment.campaign.institution,
        request=request,
        before=before,
        after={
            "status": assessment.status,
            "deadline": deadline,
            "round": assessment.round,
            "answers": labels,
            "message": message.strip(),
        },
    )
    _notify_returned(assessment, labels, message.strip())
    return to_revise


def _notify_returned(assessment: UnitAssessment, labels: list[str], message: str) -> None:
    link = reverse(
        "review:assessment", kwargs={"inst": assessment.campaign.institution.slug, "pk": assessment.pk}
    )
    title = _("Penilaian %(unit)s dikembalikan untuk revisi (%(n)s indikator)") % {
        "unit": assessment.unit.short_name,
        "n": len(labels),
    }
    body = _("Indikator yang perlu direvisi: %(labels)s.") % {"labels": ", ".join(labels)}
    if message:
        body += "\n" + message
    users = (
        Membership.objects.filter(unit=assessment.unit, role__in=UNIT_ROLES, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user_id in users:
        Notice.objects.get_or_create(
            user_id=user_id,
            key=f"review.returned:{assessment.pk}:{assessment.round}",
            defaults={
                "institution": assessment.campaign.institution,
                "kind": "review.returned",
                "title": title,
                "body": body,
                "link": link,
            },
        )


@transaction.atomic
def accept_assessment(actor, assessment: UnitAssessment, request=None) -> None:
    """Close verification of a unit: every answer's latest verdict must be an accept."""
    assessment = _locked_assessment(assessment.pk)
    _ensure_reviewable(assessment)
    latest = queries.latest_verdicts(Verdict.objects.filter(answer__assessment=assessment))
    open_answers = [
        a
        for a in assessment.answers.select_related("indicator")
        if a.pk not in latest or latest[a.pk].decision != Verdict.ACCEPT
    ]
    if open_answers:
        raise ReviewError(
            _("Belum semua jawaban diterima: %(labels)s.")
            % {"labels": ", ".join(a.indicator.label for a in open_answers[:20])}
        )
    before = assessment.status
    assessment.status = UnitAssessment.ACCEPTED
    assessment.save(update_fields=["status"])
    record(
        "assessment.accept",
        actor=actor,
        obj=assessment,
        institution=assessment.campaign.institution,
        request=request,
        before={"status": before},
        after={"status": assessment.status, "round": assessment.round},
    )


# -- notes and findings -------------------------------------------------------------------------------


@transaction.atomic
def add_note(
    actor,
    campaign,
    indicator,
    *,
    kind: str,
    held_on: date,
    text: str,
    participants: str = "",
    unit=None,
    request=None,
) -> InterviewNote:
    text = (text or "").strip()
    if not text:
        raise ReviewError(_("Catatan wajib diisi."))
    if kind not in dict(InterviewNote.KINDS):
        raise ReviewError(_("Pilih jenis catatan."))
    note = InterviewNote.objects.create(
        campaign=campaign,
        indicator=indicator,
        unit=unit,
        kind=kind,
        held_on=held_on,
        participants=(participants or "").strip()[:500],
        text=text,
        author=actor,
    )
    record(
        "review.note",
        actor=actor,
        obj=campaign,
        institution=campaign.institution,
        request=request,
        after={
            "indicator": indicator.label,
            "kind": kind,
            "held_on": held_on,
            "unit": str(unit) if unit else None,
            "text": text,
        },
    )
    return note


@transaction.atomic
def dismiss_finding(actor, finding: Finding, reason: str, request=None) -> None:
    """Set a finding aside with a reason. It stays visible to admins with who and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Alasan mengabaikan temuan wajib diisi."))
    if finding.dismissed_at is not None:
        raise ReviewError(_("Temuan ini sudah diabaikan."))
    finding.dismissed_at, finding.dismissed_by, finding.dismiss_reason = timezone.now(), actor, reason
    finding.save(update_fields=["dismissed_at", "dismissed_by", "dismiss_reason"])
    record(
        "review.finding_dismiss",
        actor=actor,
        obj=finding,
        institution=finding.campaign.institution,
        request=request,
        after={"kind": finding.kind, "summary": finding.summary, "reason": reason},
    )
