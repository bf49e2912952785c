"""Campaigns, the responsibility matrix, answering, conflicts, submission."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessment import services
from assessment.models import Answer, AnswerEvidence, Campaign, Evidence, Notice, UnitAssessment
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_opening_creates_assessments_and_answer_rows(campaign, dinkes, disdik):
    assert campaign.status == Campaign.OPEN
    rows = campaign.responsibilities.count()
    assert rows == 47
    assert AuditEntry.objects.filter(action="campaign.open").exists()
    dinkes_answers = Answer.objects.filter(assessment__unit=dinkes).count()
    disdik_answers = Answer.objects.filter(assessment__unit=disdik).count()
    assert dinkes_answers > 0 and disdik_answers > 0
    # coverage indicators are answered by every participating unit
    assert Answer.objects.filter(assessment__campaign=campaign, indicator__number=16).count() == 2


def test_default_matrix_follows_unit_kinds(spbe, sukamaju, personas):
    from datetime import date

    from orgs.models import Unit

    units = [
        Unit.objects.create(institution=sukamaju, name=n, short_name=s, kind=k)
        for n, s, k in [
            ("Dinas Komunikasi dan Informatika", "Diskominfo", "dinas"),
            ("Bappeda", "Bappeda", "badan"),
            ("Badan Kepegawaian dan Pengembangan SDM", "BKPSDM", "badan"),
            ("Inspektorat", "Inspektorat", "inspektorat"),
        ]
    ]
    draft = Campaign(
        institution=sukamaju,
        framework_version=spbe,
        name="Uji matriks",
        year=2026,
        opens_on=date.today(),
        unit_deadline=timezone.now() + timedelta(days=5),
        verification_starts_on=date.today(),
        verification_ends_on=date.today(),
        closes_on=date.today(),
    )
    campaign = services.create_campaign(personas["admin"], draft, units)
    owners = {
        r.indicator.number: r.owner.short_name
        for r in campaign.responsibilities.select_related("indicator", "owner")
    }
    assert owners[32] == "Bappeda" and owners[36] == "BKPSDM" and owners[39] == "Inspektorat"
    assert owners[1] == "Diskominfo" and owners[15] == "Diskominfo"


def test_copy_matrix_from_previous_campaign(campaign, personas, sukamaju, spbe, dinkes, disdik):
    from datetime import date

    row = campaign.responsibilities.get(indicator__number=1)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.DRAFT)
    campaign.refresh_from_db()
    services.set_responsibility(personas["admin"], row, disdik, [dinkes])
    draft = Campaign(
        institution=sukamaju,
        framework_version=spbe,
        name="Salinan",
        year=2027,
        opens_on=date.today(),
        unit_deadline=timezone.now() + timedelta(days=5),
        verification_starts_on=date.today(),
        verification_ends_on=date.today(),
        closes_on=date.today(),
        copied_from=campaign,
    )
    copy = services.create_campaign(personas["admin"], draft, [dinkes, disdik])
    copied = copy.responsibilities.get(indicator__number=1)
    assert copied.owner == disdik and list(copied.contributors.all()) == [dinkes]


def test_save_answer_and_conflict(dinkes_assessment, personas):
    answer = dinkes_assessment.answers.select_related("assessment__campaign__framework_version").first()
    data = services.AnswerInput(3, "Perbup 12/2024 pasal 3", "Sudah ditetapkan dan mengatur semua domain")
    services.save_answer(personas["operator_dinkes"], answer, data, expected_version=0)
    assert Answer.objects.get(pk=answer.pk).version == 1
    stale = Answer.objects.select_related("assessment__campaign__framework_version").get(pk=answer.pk)
    stale.version = 0
    with pytest.raises(services.EditConflict) as err:
        services.save_answer(
            personas["head_dinkes"], stale, services.AnswerInput(4, "x", "y"), expected_version=0
        )
    assert err.value.answer.level == 3
    assert Answer.objects.get(pk=answer.pk).level == 3  # nothing overwritten
    assert AuditEntry.objects.filter(action="answer.save").count() == 1


def test_level_outside_scale_refused(dinkes_assessment, personas):
    answer = dinkes_assessment.answers.select_related("assessment__campaign__framework_version").first()
    with pytest.raises(services.AssessmentError, match="antara 1 dan 5"):
        services.save_answer(personas["operator_dinkes"], answer, services.AnswerInput(6, "a", "b"), 0)


def fill_all(assessment, user, level=1):
    for answer in assessment.answers.select_related("assessment__campaign__framework_version"):
        services.save_answer(
            user, answer, services.AnswerInput(level, "Dokumen X hal. 2", "Memenuhi"), answer.version
        )


def test_submission_lists_what_is_missing_then_locks(dinkes_assessment, personas, dinkes):
    head = personas["head_dinkes"]
    with pytest.raises(services.AssessmentError, match="Yang masih kurang"):
        services.submit_assessment(head, dinkes_assessment)
    fill_all(dinkes_assessment, personas["operator_dinkes"], level=2)
    with pytest.raises(services.AssessmentError, match="data dukung belum ada"):
        services.submit_assessment(head, dinkes_assessment)
    evidence = Evidence.objects.create(
        unit=dinkes, kind=Evidence.LINK, title="SK", url="https://example.go.id/sk"
    )
    for answer in dinkes_assessment.answers.all():
        AnswerEvidence.objects.create(answer=answer, evidence=evidence)
    services.submit_assessment(head, dinkes_assessment)
    dinkes_assessment.refresh_from_db()
    assert dinkes_assessment.status == UnitAssessment.SUBMITTED
    answer = dinkes_assessment.answers.select_related("assessment__campaign__framework_version").first()
    with pytest.raises(services.AssessmentError, match="terkunci"):
        services.save_answer(
            personas["operator_dinkes"], answer, services.AnswerInput(3, "a", "b"), answer.version
        )


def test_reopen_needs_reason_and_is_audited(dinkes_assessment, personas):
    UnitAssessment.objects.filter(pk=dinkes_assessment.pk).update(status=UnitAssessment.SUBMITTED)
    dinkes_assessment.refresh_from_db()
    with pytest.raises(services.AssessmentError, match="Alasan"):
        services.reopen_assessment(personas["admin"], dinkes_assessment, "  ")
    services.reopen_assessment(personas["admin"], dinkes_assessment, "Salah unggah dokumen")
    assert UnitAssessment.objects.get(pk=dinkes_assessment.pk).status == UnitAssessment.DRAFT
    assert AuditEntry.objects.get(action="assessment.reopen").after["reason"] == "Salah unggah dokumen"


def test_after_deadline_only_admin_extension_unlocks(dinkes_assessment, personas):
    UnitAssessment.objects.filter(pk=dinkes_assessment.pk).update(
        deadline=timezone.now() - timedelta(hours=1)
    )
    dinkes_assessment.refresh_from_db()
    answer = dinkes_assessment.answers.select_related("assessment__campaign__framework_version").first()
    with pytest.raises(services.AssessmentError, match="Batas waktu"):
        services.save_answer(personas["operator_dinkes"], answer, services.AnswerInput(2, "a", "b"), 0)
    services.extend_deadline(
        personas["admin"], dinkes_assessment, timezone.now() + timedelta(days=2), "Banjir"
    )
    answer = dinkes_assessment.answers.select_related("assessment__campaign__framework_version").first()
    services.save_answer(personas["operator_dinkes"], answer, services.AnswerInput(2, "a", "b"), 0)


def test_notices_on_open_submit_and_deadline(campaign, personas, django_capture_on_commit_callbacks, dinkes):
    from assessment.notices import campaign_opened, deadline_reminders

    campaign_opened(campaign.pk)
    assert Notice.objects.filter(user=personas["operator_dinkes"], kind="campaign.opened").count() == 1
    campaign_opened(campaign.pk)  # idempotent
    assert Notice.objects.filter(user=personas["operator_dinkes"], kind="campaign.opened").count() == 1
    assert deadline_reminders(now=timezone.now() + timedelta(days=4)) > 0
    assert Notice.objects.filter(user=personas["head_dinkes"], kind="assessment.deadline").exists()
    assert not Notice.objects.filter(user=personas["operator_disdik"], title__icontains="Dinkes").exists()
