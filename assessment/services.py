"""State changes of campaigns and unit assessments. Each is atomic and audited; the pages, the
Excel import and the commands all call these."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.matrix import default_matrix
from assessment.models import Answer, Campaign, Participation, Responsibility, UnitAssessment
from audit.services import record
from instrument.models import Indicator


class AssessmentError(ValueError):
    """A refusal with a message for the user; nothing was changed."""


class EditConflict(AssessmentError):
    """Someone saved the answer since the editor loaded it."""

    def __init__(self, answer: Answer):
        self.answer = answer
        super().__init__(
            _("Jawaban ini sudah diubah oleh %(who)s pada %(when)s sejak Anda membukanya.")
            % {
                "who": answer.updated_by.get_full_name() if answer.updated_by else "-",
                "when": timezone.localtime(answer.updated_at).strftime("%d-%m-%Y %H:%M")
                if answer.updated_at
                else "-",
            }
        )


# -- campaigns ------------------------------------------------------------------------------------


@transaction.atomic
def create_campaign(actor, campaign: Campaign, units, request=None, indicators=None) -> Campaign:
    """Save a new campaign (status draft) with its participating units and the default matrix,
    or a copy of the matrix of `campaign.copied_from`. A periodic check passes the `indicators`
    it re-checks; its matrix (and so its answers) holds just those."""
    campaign.save()
    Participation.objects.bulk_create(Participation(campaign=campaign, unit=u) for u in units)
    if indicators:
        indicators = [i for i in indicators if i.version_id == campaign.framework_version_id]
    else:
        indicators = list(Indicator.objects.filter(version=campaign.framework_version))
    if campaign.copied_from_id:
        copy_matrix(campaign.copied_from, campaign, indicators, units)
    else:
        matrix = default_matrix(
            campaign.framework_version.framework.slug, [i.number for i in indicators], units
        )
        write_matrix(campaign, indicators, matrix)
    record(
        "campaign.create",
        actor=actor,
        obj=campaign,
        request=request,
        after={
            "name": campaign.name,
            "kind": campaign.kind,
            "framework": str(campaign.framework_version),
            "units": len(units),
            "indicators": len(indicators),
        },
    )
    return campaign


def write_matrix(campaign, indicators, matrix) -> None:
    by_number = {i.number: i for i in indicators}
    rows = [
        Responsibility(campaign=campaign, indicator=by_number[n], owner=owner)
        for n, (owner, _c) in matrix.items()
    ]
    Responsibility.objects.bulk_create(rows)
    through = Responsibility.contributors.through
    through.objects.bulk_create(
        through(responsibility_id=row.pk, unit_id=unit.pk)
        for row, (_owner, contributors) in zip(rows, matrix.values(), strict=True)
        for unit in contributors
    )


def copy_matrix(source: Campaign, target: Campaign, indicators, units) -> None:
    """Copy owners and contributors by indicator number; units that no longer take part fall
    back to the default matrix."""
    allowed = {u.pk: u for u in units}
    defaults = default_matrix(target.framework_version.framework.slug, [i.number for i in indicators], units)
    previous = {
        r.indicator.number: r
        for r in source.responsibilities.select_related("indicator", "owner").prefetch_related("contributors")
    }
    matrix = {}
    for number, fallback in defaults.items():
        old = previous.get(number)
        if old is None or old.owner_id not in allowed:
            matrix[number] = fallback
            continue
        matrix[number] = (
            allowed[old.owner_id],
            [allowed[c.pk] for c in old.contributors.all() if c.pk in allowed],
        )
    write_matrix(target, indicators, matrix)


@transaction.atomic
def set_responsibility(actor, responsibility: Responsibility, owner, contributors, request=None) -> None:
    campaign = responsibility.campaign
    if campaign.status != Campaign.DRAFT:
        raise AssessmentError(_("Matriks hanya dapat diubah sebelum periode dibuka."))
    before = {
        "owner": str(responsibility.owner),
        "contributors": sorted(str(u) for u in responsibility.contributors.all()),
    }
    responsibility.owner = owner
    responsibility.save(update_fields=["owner"])
    responsibility.contributors.set([u for u in contributors if u.pk != owner.pk])
    after = {"owner": str(owner), "contributors": sorted(str(u) for u in contributors if u.pk != owner.pk)}
    if before != after:
        record(
            "campaign.matrix",
            actor=actor,
            obj=campaign,
            before={responsibility.indicator.label: before},
            after={responsibility.indicator.label: after},
            request=request,
        )


@transaction.atomic
def open_campaign(actor, campaign: Campaign, request=None, notify: bool = True) -> int:
    """Open a draft campaign: one assessment per participating unit that answers something, with
    one answer row per assigned indicator, created in bulk. Returns the number of answers."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.DRAFT:
        raise AssessmentError(_("Periode ini sudah dibuka."))
    assignments: dict[int, list[tuple[int, str]]] = {}
    for resp in campaign.responsibilities.prefetch_related("contributors"):
        assignments.setdefault(resp.owner_id, []).append((resp.indicator_id, Answer.OWNER))
        for unit in resp.contributors.all():
            assignments.setdefault(unit.pk, []).append((resp.indicator_id, Answer.CONTRIBUTOR))
    assessments = UnitAssessment.objects.bulk_create(
        UnitAssessment(campaign=campaign, unit_id=unit_id, deadline=campaign.unit_deadline)
        for unit_id in assignments
    )
    answers = Answer.objects.bulk_create(
        Answer(assessment=a, indicator_id=indicator_id, part=part)
        for a in assessments
        for indicator_id, part in assignments[a.unit_id]
    )
    campaign.status = Campaign.OPEN
    campaign.save(update_fields=["status"])
    record(
        "campaign.open",
        actor=actor,
        obj=campaign,
        request=request,
        after={"assessments": len(assessments), "answers": len(answers)},
    )
    if notify:
        transaction.on_commit(lambda: _notify_opened(campaign.pk))
    return len(answers)


def _notify_opened(campaign_id: int) -> None:
    from assessment.tasks import notify_campaign_opened

    notify_campaign_opened.enqueue(campaign_id)


# -- answers ----------------------------------------------------------------------------------------


@dataclass
class AnswerInput:
    level: int | None
    fakta: str
    analisis: str


def check_level(answer: Answer, level) -> int | None:
    if level in (None, ""):
        return None
    version = answer.assessment.campaign.framework_version
    try:
        value = int(level)
    except (TypeError, ValueError):
        raise AssessmentError(_("Level harus bilangan bulat.")) from None
    if value not in version.level_range:
        raise AssessmentError(
            _("Level harus antara %(min)s dan %(max)s.")
            % {"min": version.values["min"], "max": version.values["max"]}
        )
    return value


def ensure_editable(assessment: UnitAssessment) -> None:
    if not assessment.is_editable:
        raise AssessmentError(_("Penilaian unit ini sudah dikirim dan terkunci."))
    # A unit returned for revision may still revise while the campaign is in verification.
    revising = (
        assessment.status == UnitAssessment.RETURNED and assessment.campaign.status == Campaign.VERIFICATION
    )
    if assessment.campaign.status != Campaign.OPEN and not revising:
        raise AssessmentError(_("Periode penilaian tidak sedang dibuka."))
    if timezone.now() > assessment.deadline:
        raise AssessmentError(_("Batas waktu pengisian sudah lewat; minta admin memperpanjangnya."))


def save_answer(actor, answer: Answer, data: AnswerInput, expected_version: int, request=None) -> Answer:
    """Save level and explanation if nobody saved since `expected_version`; else EditConflict.

    The version check and the write are one UPDATE, so two editors can never both win."""
    ensure_editable(answer.assessment)
    ensure_revisable(answer)
    level = check_level(answer, data.level)
    fakta, analisis = data.fakta.strip(), data.analisis.strip()
    if (level, fakta, analisis) == (
        answer.level,
        answer.fakta,
        answer.analisis,
    ) and expected_version == answer.version:
        return answer
    now = timezone.now()
    with transaction.atomic():
        # The editor's own newer autosave (a form posted while an autosave was in flight) is not
        # a conflict; anyone else's save since `expected_version` is.
        mine_or_unchanged = Q(version=expected_version) | Q(updated_by=actor)
        updated = Answer.objects.filter(mine_or_unchanged, pk=answer.pk).update(
            level=level,
            fakta=fakta,
            analisis=analisis,
            version=F("version") + 1,
            updated_at=now,
            updated_by=actor,
        )
        if not updated:
            raise EditConflict(Answer.objects.select_related("updated_by").get(pk=answer.pk))
        before = {"level": answer.level, "fakta": answer.fakta, "analisis": answer.analisis}
        answer.level, answer.fakta, answer.analisis = level, fakta, analisis
        answer.version, answer.updated_at, answer.updated_by = (
            max(answer.version, expected_version) + 1,
            now,
            actor,
        )
        record(
            "answer.save",
            actor=actor,
            obj=answer,
            institution=answer.assessment.campaign.institution,
            before=before,
            after={"level": level, "fakta": fakta, "analisis": analisis},
            request=request,
        )
    return answer


def ensure_revisable(answer: Answer) -> None:
    """While returned for revision, only the answers the verifiers asked to revise can change."""
    if answer.assessment.status == UnitAssessment.RETURNED:
        from review.services import revision_block

        refusal = revision_block(answer)
        if refusal:
            raise AssessmentError(refusal)


# -- submission -----------------------------------------------------------------------------------


def missing_for_submission(assessment: UnitAssessment) -> list[str]:
    """What still blocks submission, one line per indicator."""
    problems = []
    answers = assessment.answers.select_related("indicator").prefetch_related("attachments")
    for answer in answers:
        label = f"{answer.indicator.label} {answer.indicator.short_name}"
        lacks = []
        if answer.level is None:
            lacks.append(_("level belum dipilih"))
        if not answer.fakta.strip():
            lacks.append(_("FAKTA kosong"))
        if not answer.analisis.strip():
            lacks.append(_("ANALISIS kosong"))
        if answer.level and answer.level > 1 and not answer.attachments.all():
            lacks.append(_("data dukung belum ada (wajib untuk level di atas 1)"))
        if lacks:
            problems.append(f"{label}: " + ", ".join(lacks))
    return problems


@transaction.atomic
def submit_assessment(actor, assessment: UnitAssessment, request=None) -> None:
    assessment = (
        UnitAssessment.objects.select_for_update().select_related("campaign", "unit").get(pk=assessment.pk)
    )
    ensure_editable(assessment)
    missing = missing_for_submission(assessment)
    if missing:
        raise AssessmentError(_("Belum dapat dikirim. Yang masih kurang:") + "\n" + "\n".join(missing))
    before = assessment.status
    if before == UnitAssessment.RETURNED:
        assessment.round += 1  # a resubmission after revision is a new round; the old one is kept
    assessment.status = UnitAssessment.SUBMITTED
    assessment.submitted_at, assessment.submitted_by = timezone.now(), actor
    assessment.save(update_fields=["status", "submitted_at", "submitted_by", "round"])
    record(
        "assessment.submit",
        actor=actor,
        obj=assessment,
        institution=assessment.campaign.institution,
        before={"status": before},
        after={"status": assessment.status, "round": assessment.round},
        request=request,
    )
    _snapshot_round(assessment)
    transaction.on_commit(lambda: _notify_submitted(assessment.pk))


def _snapshot_round(assessment: UnitAssessment) -> None:
    """Keep every answer as sent in this round, and run the integrity checks (review app)."""
    from review.services import snapshot_round

    snapshot_round(assessment)


def _notify_submitted(assessment_id: int) -> None:
    from assessment.tasks import notify_assessment_submitted

    notify_assessment_submitted.enqueue(assessment_id)


@transaction.atomic
def reopen_assessment(actor, assessment: UnitAssessment, reason: str, request=None) -> None:
    reason = reason.strip()
    if not reason:
        raise AssessmentError(_("Alasan membuka kembali wajib diisi."))
    assessment = UnitAssessment.objects.select_for_update().select_related("campaign").get(pk=assessment.pk)
    if assessment.is_editable:
        raise AssessmentError(_("Penilaian ini belum dikirim; tidak perlu dibuka kembali."))
    before = assessment.status
    assessment.status = UnitAssessment.DRAFT
    assessment.save(update_fields=["status"])
    record(
        "assessment.reopen",
        actor=actor,
        obj=assessment,
        institution=assessment.campaign.institution,
        before={"status": before},
        after={"status": assessment.status, "reason": reason},
        request=request,
    )


@transaction.atomic
def extend_deadline(actor, assessment: UnitAssessment, new_deadline, reason: str, request=None) -> None:
    if new_deadline <= timezone.now():
        raise AssessmentError(_("Batas waktu baru harus di masa depan."))
    if not reason.strip():
        raise AssessmentError(_("Alasan perpanjangan wajib diisi."))
    before = assessment.deadline
    assessment.deadline = new_deadline
    assessment.save(update_fields=["deadline"])
    record(
        "assessment.extend",
        actor=actor,
        obj=assessment,
        institution=assessment.campaign.institution,
        before={"deadline": before},
        after={"deadline": new_deadline, "reason": reason.strip()},
        request=request,
    )
