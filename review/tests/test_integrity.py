"""Each integrity check: a positive and a negative case; dismissal; the nightly task."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from assessment import services as assessment_services
from assessment.models import Answer, AnswerEvidence, Campaign, Evidence, UnitAssessment
from audit.models import AuditEntry
from review import integrity, services
from review.models import Finding, Verdict
from review.tasks import run_integrity_checks
from review.tests.conftest import fill, submit

pytestmark = pytest.mark.django_db
LONG = (
    "Peraturan Bupati Sukamaju Nomor 12 Tahun 2025 tentang Penyelenggaraan SPBE di lingkungan {unit}, "
    "Pasal 4 halaman 6. Dokumen telah ditetapkan dan memuat arsitektur SPBE unit serta peta rencana "
    "yang direviu setiap tahun oleh tim."
)


def findings(kind, **filters):
    return Finding.objects.filter(kind=kind, **filters)


def answer_of(assessment, number):
    return assessment.answers.get(indicator__number=number)


def file_evidence(unit, actor, sha="ab" * 32, title="Notulen rapat SPBE", document_date=date(2025, 1, 5)):
    return Evidence.objects.create(
        unit=unit,
        kind=Evidence.FILE,
        title=title,
        file=f"evidence/{unit.pk}/{sha}.pdf",
        original_name=f"{title}.pdf",
        sha256=sha,
        size=10,
        uploaded_by=actor,
        document_date=document_date,
    )


@pytest.fixture
def past_campaign(spbe, sukamaju, dinkes, disdik, personas, campaign):
    """Last year's campaign, opened and left as it is (answers are set by each test)."""
    zone = ZoneInfo(sukamaju.time_zone)
    opens = campaign.opens_on - timedelta(days=365)
    draft = Campaign(
        institution=sukamaju,
        framework_version=spbe,
        name="PM SPBE 2025",
        year=opens.year,
        opens_on=opens,
        unit_deadline=datetime.combine(opens + timedelta(days=30), time(16), tzinfo=zone),
        verification_starts_on=opens + timedelta(days=31),
        verification_ends_on=opens + timedelta(days=50),
        closes_on=opens + timedelta(days=60),
    )
    past = assessment_services.create_campaign(personas["admin"], draft, [dinkes, disdik])
    assessment_services.open_campaign(personas["admin"], past, notify=False)
    UnitAssessment.objects.filter(campaign=past).update(status=UnitAssessment.ACCEPTED)
    Campaign.objects.filter(pk=past.pk).update(status=Campaign.CLOSED)
    return past


# -- same file -------------------------------------------------------------------------------------


def test_same_file_in_another_unit(personas, campaign, dinkes_assessment, disdik):
    fill(dinkes_assessment, personas["operator_dinkes"])
    AnswerEvidence.objects.create(
        answer=answer_of(dinkes_assessment, 16),
        evidence=file_evidence(dinkes_assessment.unit, personas["operator_dinkes"]),
    )
    submit(dinkes_assessment, personas["head_dinkes"])
    assert not findings(Finding.HASH_REUSE).exists()  # nobody else holds the file yet
    disdik_assessment = campaign.assessments.get(unit=disdik)
    fill(disdik_assessment, personas["operator_disdik"])
    AnswerEvidence.objects.create(
        answer=answer_of(disdik_assessment, 16), evidence=file_evidence(disdik, personas["operator_disdik"])
    )
    submit(disdik_assessment, personas["head_disdik"])
    finding = findings(Finding.HASH_REUSE).get()
    assert finding.answer == answer_of(disdik_assessment, 16)
    assert "Dinkes" in finding.summary
    labels = [label for label, _href in finding.links(campaign.institution.slug)]
    assert "Notulen rapat SPBE" in labels


def test_same_file_earlier_campaign_for_another_claim(personas, dinkes_assessment, past_campaign):
    operator = personas["operator_dinkes"]
    evidence = file_evidence(dinkes_assessment.unit, operator)
    old = past_campaign.assessments.get(unit=dinkes_assessment.unit)
    Answer.objects.filter(assessment=old, indicator__number__in=[1, 2]).update(level=2)
    AnswerEvidence.objects.create(answer=answer_of(old, 1), evidence=evidence)
    AnswerEvidence.objects.create(answer=answer_of(old, 2), evidence=evidence)
    fill(dinkes_assessment, operator, levels={1: 2, 2: 4})
    AnswerEvidence.objects.create(
        answer=answer_of(dinkes_assessment, 1), evidence=evidence
    )  # same claim: fine
    AnswerEvidence.objects.create(answer=answer_of(dinkes_assessment, 2), evidence=evidence)  # level 2 → 4
    AnswerEvidence.objects.create(answer=answer_of(dinkes_assessment, 3), evidence=evidence)  # a new claim
    new_file = file_evidence(dinkes_assessment.unit, operator, sha="12" * 32, title="Notulen baru")
    for number in (4, 5):  # a new file proving two indicators of this campaign: fine
        AnswerEvidence.objects.create(answer=answer_of(dinkes_assessment, number), evidence=new_file)
    submit(dinkes_assessment, personas["head_dinkes"])
    found = findings(Finding.HASH_REUSE).order_by("answer__indicator__number")
    assert [f.answer.indicator.number for f in found] == [2, 3]
    assert "PM SPBE 2025" in found.first().summary


# -- document dates --------------------------------------------------------------------------------


def test_document_dated_after_deadline(personas, dinkes_assessment):
    fill(dinkes_assessment, personas["operator_dinkes"])
    late = file_evidence(
        dinkes_assessment.unit,
        personas["operator_dinkes"],
        sha="cd" * 32,
        document_date=dinkes_assessment.deadline.date() + timedelta(days=3),
    )
    on_time = file_evidence(
        dinkes_assessment.unit,
        personas["operator_dinkes"],
        sha="ef" * 32,
        document_date=dinkes_assessment.deadline.date() - timedelta(days=1),
    )
    AnswerEvidence.objects.create(answer=answer_of(dinkes_assessment, 5), evidence=late)
    AnswerEvidence.objects.create(answer=answer_of(dinkes_assessment, 6), evidence=on_time)
    submit(dinkes_assessment, personas["head_dinkes"])
    assert [f.answer.indicator.number for f in findings(Finding.LATE_DOCUMENT)] == [5]


def test_review_report_older_than_two_years(personas, campaign, dinkes_assessment):
    operator = personas["operator_dinkes"]
    fill(dinkes_assessment, operator)
    opens = campaign.opens_on
    cases = {
        7: ("Laporan Reviu Arsitektur SPBE", date(opens.year - 3, 1, 10)),  # stale review: finding
        8: ("Laporan Audit Infrastruktur", opens - timedelta(days=300)),  # recent audit: fine
        9: ("Peraturan Bupati SPBE", date(opens.year - 5, 1, 10)),  # old, but not a review: fine
    }
    for n, (number, (title, when)) in enumerate(cases.items()):
        evidence = file_evidence(
            dinkes_assessment.unit, operator, sha=f"{n:064d}", title=title, document_date=when
        )
        AnswerEvidence.objects.create(answer=answer_of(dinkes_assessment, number), evidence=evidence)
    submit(dinkes_assessment, personas["head_dinkes"])
    stale = findings(Finding.STALE_REVIEW).get()
    assert stale.answer.indicator.number == 7 and "2 tahun" in stale.summary


# -- evidence removed ------------------------------------------------------------------------------


def test_evidence_removed_without_replacement(personas, submitted):
    operator = personas["operator_dinkes"]
    extra = file_evidence(submitted.unit, operator)
    replaced = file_evidence(submitted.unit, operator, sha="99" * 32, title="Notulen lama")
    for number, evidence in ((10, extra), (11, replaced)):
        AnswerEvidence.objects.create(answer=answer_of(submitted, number), evidence=evidence)
    services.snapshot_round(submitted)  # as if sent with them
    AnswerEvidence.objects.filter(evidence__in=[extra, replaced]).delete()
    AnswerEvidence.objects.create(
        answer=answer_of(submitted, 11),
        evidence=file_evidence(submitted.unit, operator, sha="77" * 32, title="Notulen baru"),
    )
    integrity.check_assessment(submitted)
    removed = findings(Finding.EVIDENCE_REMOVED).get()
    assert removed.answer.indicator.number == 10 and "Notulen rapat SPBE" in removed.summary


def test_level_one_may_drop_evidence(personas, submitted):
    answer = answer_of(submitted, 12)
    Answer.objects.filter(pk=answer.pk).update(level=1)
    AnswerEvidence.objects.filter(answer=answer).delete()
    integrity.check_assessment(submitted)
    assert not findings(Finding.EVIDENCE_REMOVED).exists()


# -- near copies -----------------------------------------------------------------------------------


def test_near_copy_across_units(personas, campaign, dinkes_assessment, disdik):
    fill(dinkes_assessment, personas["operator_dinkes"])
    Answer.objects.filter(assessment=dinkes_assessment, indicator__number=16).update(
        fakta=LONG.format(unit="Dinas Kesehatan"), analisis="Sudah ditetapkan."
    )
    Answer.objects.filter(assessment=dinkes_assessment, indicator__number=17).update(
        fakta=LONG.format(unit="Dinas Kesehatan"), analisis="Sudah ditetapkan."
    )
    submit(dinkes_assessment, personas["head_dinkes"])
    disdik_assessment = campaign.assessments.get(unit=disdik)
    fill(disdik_assessment, personas["operator_disdik"])
    Answer.objects.filter(assessment=disdik_assessment, indicator__number=16).update(
        fakta=LONG.format(unit="Dinas Pendidikan").replace("Nomor 12", "Nomor 14"),
        analisis="Sudah ditetapkan.",
    )
    Answer.objects.filter(assessment=disdik_assessment, indicator__number=17).update(
        fakta="SK Kepala Dinas Pendidikan No. 800/112/Disdik/2025 tentang Tim SPBE halaman 2; notulen rapat "
        "evaluasi triwulan.",
        analisis="Kebijakan internal baru berupa draf yang dibahas bersama Diskominfo.",
    )
    submit(disdik_assessment, personas["head_disdik"])
    copies = findings(Finding.NEAR_COPY)
    assert [(f.assessment.unit.short_name, f.answer.indicator.number) for f in copies] == [("Disdik", 16)]
    integrity.check_campaign(campaign)  # nightly: the other side is found too
    assert sorted(f.assessment.unit.short_name for f in findings(Finding.NEAR_COPY)) == ["Dinkes", "Disdik"]


def test_short_identical_texts_are_not_copies(personas, campaign, dinkes_assessment, disdik):
    fill(dinkes_assessment, personas["operator_dinkes"])
    submit(dinkes_assessment, personas["head_dinkes"])
    disdik_assessment = campaign.assessments.get(unit=disdik)
    fill(disdik_assessment, personas["operator_disdik"])
    Answer.objects.filter(assessment=disdik_assessment).update(
        fakta="Perbup Dinkes 16/2025 hal. 16", analisis="Memenuhi kriteria (Dinkes)."
    )
    submit(disdik_assessment, personas["head_disdik"])
    assert not findings(Finding.NEAR_COPY).exists()


# -- history ---------------------------------------------------------------------------------------


def test_level_jump_since_previous_campaign(personas, dinkes_assessment, past_campaign):
    old = past_campaign.assessments.get(unit=dinkes_assessment.unit)
    Answer.objects.filter(assessment=old).update(level=2)
    Answer.objects.filter(assessment=old, indicator__number=20).update(level=1)
    claimed_high = answer_of(old, 21)
    Answer.objects.filter(pk=claimed_high.pk).update(level=3)
    Verdict.objects.create(
        answer=claimed_high,
        round=1,
        decision=Verdict.REVISE,
        reason="other",
        verified_level=1,
        justification="Tidak terbukti.",
    )
    fill(dinkes_assessment, personas["operator_dinkes"])  # level 3 everywhere
    submit(dinkes_assessment, personas["head_dinkes"])
    jumps = findings(Finding.LEVEL_JUMP)
    assert sorted(f.answer.indicator.number for f in jumps) == [20, 21]  # 2 → 3 elsewhere is no jump
    assert "terverifikasi" in jumps.get(answer__indicator__number=21).summary


def _past_verdicts(past_campaign, unit, over: int, total: int):
    old = past_campaign.assessments.get(unit=unit)
    answers = list(old.answers.order_by("indicator__number")[:total])
    Answer.objects.filter(pk__in=[a.pk for a in answers]).update(level=4)
    for n, answer in enumerate(answers):
        Verdict.objects.create(
            answer=answer,
            round=1,
            decision=Verdict.REVISE if n < over else Verdict.ACCEPT,
            reason="other" if n < over else "",
            verified_level=3 if n < over else 4,
        )


def test_unit_that_overclaimed_before(personas, dinkes_assessment, past_campaign):
    _past_verdicts(past_campaign, dinkes_assessment.unit, over=4, total=6)
    fill(dinkes_assessment, personas["operator_dinkes"])
    submit(dinkes_assessment, personas["head_dinkes"])
    finding = findings(Finding.OVERCLAIM).get()
    assert finding.assessment == dinkes_assessment and finding.answer is None
    assert "4 dari 6" in finding.summary


def test_unit_mostly_verified_as_claimed(personas, dinkes_assessment, past_campaign):
    _past_verdicts(past_campaign, dinkes_assessment.unit, over=2, total=6)
    fill(dinkes_assessment, personas["operator_dinkes"])
    submit(dinkes_assessment, personas["head_dinkes"])
    assert not findings(Finding.OVERCLAIM).exists()


# -- keeping findings ------------------------------------------------------------------------------


def test_findings_update_resolve_and_stay_dismissed(personas, campaign, dinkes_assessment):
    fill(
        dinkes_assessment,
        personas["operator_dinkes"],
        document_date=dinkes_assessment.deadline.date() + timedelta(days=1),
    )
    submit(dinkes_assessment, personas["head_dinkes"])
    count = findings(Finding.LATE_DOCUMENT).count()
    assert count == dinkes_assessment.answers.count()
    first = findings(Finding.LATE_DOCUMENT).first()
    services.dismiss_finding(personas["verifier"], first, "Salah ketik tahun pada tanggal dokumen.")
    assert AuditEntry.objects.filter(action="review.finding_dismiss").exists()
    run_integrity_checks.call()
    assert findings(Finding.LATE_DOCUMENT).count() == count  # updated, not duplicated
    first.refresh_from_db()
    assert first.dismissed_at is not None and first.resolved_at is None
    Evidence.objects.filter(unit=dinkes_assessment.unit).update(document_date=date(2025, 1, 1))
    run_integrity_checks.call()
    assert not findings(Finding.LATE_DOCUMENT, resolved_at=None).exists()


def test_dismissal_needs_a_reason(personas, submitted):
    finding = Finding.objects.create(
        campaign=submitted.campaign,
        assessment=submitted,
        kind=Finding.NEAR_COPY,
        key="x",
        summary="s",
        last_seen_at=submitted.submitted_at,
    )
    with pytest.raises(services.ReviewError):
        services.dismiss_finding(personas["verifier"], finding, "  ")


def test_dismissed_findings_visible_to_admins_only(client, personas, sukamaju, campaign, submitted):
    from orgs.tests.test_url_access import login_verified

    finding = Finding.objects.create(
        campaign=campaign,
        assessment=submitted,
        kind=Finding.NEAR_COPY,
        key="x",
        summary="Penjelasan mirip Disdik",
        last_seen_at=submitted.submitted_at,
    )
    services.dismiss_finding(personas["verifier"], finding, "Memang dokumen bersama.")
    url = f"/instansi/{sukamaju.slug}/verifikasi/periode/{campaign.pk}/temuan/"
    login_verified(client, personas["verifier"])
    assert "Memang dokumen bersama." not in client.get(url).content.decode()
    client.logout()
    login_verified(client, personas["admin"])
    assert "Memang dokumen bersama." in client.get(url).content.decode()
