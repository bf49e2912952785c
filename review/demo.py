"""Demo verification data for Kabupaten Sukamaju, on top of assessment/demo.py: last year's
campaign verified, settled and approved (with a Berita Acara); this year a verified unit
(Bappeda, two rounds), a returned unit (Dinkes) and findings of every kind, one dismissed.
Idempotent: nothing happens once last year's result is approved."""

import hashlib
import posixpath
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from assessment import evidence as evidence_services
from assessment import services as assessment_services
from assessment.models import Answer, AnswerEvidence, Campaign, Evidence, UnitAssessment
from orgs.models import Institution
from review import consolidation, integrity, services, settlement
from review.models import AnswerSnapshot, Approval, Finding, IndicatorResult, Verdict

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
COPIED = (
    "Standar layanan berbasis elektronik {unit} ditetapkan dengan Keputusan Kepala {unit} Nomor 800/17/2026 "
    "dan diterapkan pada seluruh layanan; evaluasi dilakukan setiap triwulan oleh Tim Koordinasi SPBE "
    "dengan notulen rapat sebagai bukti pelaksanaan."
)
DOCUMENTS = [
    "Keputusan Kepala",
    "Peraturan Bupati",
    "SOP",
    "Laporan kegiatan",
    "Surat Edaran",
    "Notulen rapat",
]


def _users() -> dict:
    names = ["admin.kominfo", "verifikator", "sekda", "kepala.dinkes", "operator.dinkes"]
    return {u.username: u for u in get_user_model().objects.filter(username__in=names)}


@transaction.atomic
def load_demo() -> list[str]:
    institution = Institution.objects.filter(slug="sukamaju").first()
    if institution is None:
        return []
    campaigns = list(
        Campaign.objects.filter(institution=institution, framework_version__framework__slug="spbe-2020")
        .select_related("framework_version", "institution")
        .order_by("opens_on")
    )
    users = _users()
    if len(campaigns) < 2 or len(users) < 5:
        return []
    last, current = campaigns[0], campaigns[-1]
    if Approval.objects.filter(campaign=last).exists():
        return []
    _last_year(last, users)
    rng = random.Random(2026)
    bappeda = current.assessments.select_related("unit").get(unit__short_name="Bappeda")
    dinkes = current.assessments.select_related("unit").get(unit__short_name="Dinkes")
    shared = _stored_file(institution, "Notulen Rapat Tim Koordinasi SPBE")
    _verified_unit(bappeda, users, rng, shared)
    _returned_unit(dinkes, users, rng, shared)
    integrity.check_campaign(current)  # as the nightly run would: both sides of each pair
    _dismiss_one(current, users["verifikator"])
    indicator = current.framework_version.indicators.get(number=16)
    services.add_note(
        users["verifikator"],
        current,
        indicator,
        kind="interview",
        held_on=date.today(),
        participants="Kepala Dinkes, Sekretaris Bappeda",
        unit=dinkes.unit,
        text="Standar layanan kedua unit ternyata disusun bersama; bukti penerapan diminta per unit.",
    )
    return [f"Verifikasi demo: {last.name} disetujui; {current.name}: Bappeda diterima, Dinkes dikembalikan"]


# -- last year ----------------------------------------------------------------------------------------


def _last_year(campaign, users) -> None:
    """Snapshots, verdicts (Dinkes mostly claimed too high), final levels and the approval."""
    rng = random.Random(2025)
    answers = list(
        Answer.objects.filter(assessment__campaign=campaign)
        .exclude(level=None)
        .select_related("assessment__unit", "indicator")
    )
    Answer.objects.filter(
        assessment__campaign=campaign, assessment__unit__short_name="Dinkes", indicator__number=47
    ).update(level=2)
    verdicts = []
    for answer in answers:
        if answer.assessment.unit.short_name == "Dinkes" and answer.indicator.number == 47:
            answer.level = 2
        overclaims = answer.assessment.unit.short_name == "Dinkes" and rng.random() < 0.7
        lower = overclaims or rng.random() < 0.1
        verified = max(1, answer.level - 1) if lower and answer.level > 1 else answer.level
        verdicts.append(
            Verdict(
                answer=answer,
                round=1,
                decision=Verdict.REVISE if verified < answer.level else Verdict.ACCEPT,
                reason="lower_level" if verified < answer.level else "",
                verified_level=verified,
                justification="Kriteria level yang diklaim belum terbukti."
                if verified < answer.level
                else "",
                verifier=users["verifikator"],
            )
        )
    AnswerSnapshot.objects.bulk_create(
        AnswerSnapshot(
            answer=a, round=1, level=a.level, fakta=a.fakta, analisis=a.analisis, version=a.version
        )
        for a in answers
    )
    Verdict.objects.bulk_create(verdicts)
    _settle_and_approve(campaign, users, {v.answer_id: v.verified_level for v in verdicts})


def _settle_and_approve(campaign, users, verified) -> None:
    owners = dict(campaign.responsibilities.values_list("indicator_id", "owner_id"))
    levels = {}
    for answer in Answer.objects.filter(assessment__campaign=campaign).select_related("assessment"):
        if owners.get(answer.indicator_id) == answer.assessment.unit_id and answer.pk in verified:
            levels[answer.indicator_id] = verified[answer.pk]
    zone = ZoneInfo(campaign.institution.time_zone)
    settled_at = datetime.combine(campaign.verification_ends_on, time(10), tzinfo=zone)
    IndicatorResult.objects.bulk_create(
        IndicatorResult(
            campaign=campaign,
            indicator=indicator,
            rule=consolidation.OWNER,
            final_level=levels.get(indicator.pk, 1),
            settled_by=users["verifikator"],
            settled_at=settled_at,
            explanation="Sesuai level terverifikasi unit penanggung jawab.",
        )
        for indicator in campaign.framework_version.indicators.all()
    )
    approval = settlement.approve_result(users["sekda"], campaign)
    approved_at = datetime.combine(campaign.closes_on, time(9), tzinfo=zone)
    Approval.objects.filter(pk=approval.pk).update(
        approved_at=approved_at, number=approval.number.rsplit("/", 1)[0] + f"/{approved_at.year}"
    )


# -- this year ----------------------------------------------------------------------------------------


def _stored_file(institution, title: str) -> dict:
    """A small PDF kept once in the evidence storage; returned as what Evidence needs."""
    content = PDF + title.encode()
    digest = hashlib.sha256(content).hexdigest()
    storage = Evidence._meta.get_field("file").storage
    name = posixpath.join("evidence", "demo", digest[:2], f"{digest}.pdf")
    if not storage.exists(name):
        name = storage.save(name, ContentFile(content))
    return {
        "file": name,
        "sha256": digest,
        "size": len(content),
        "title": title,
        "original_name": f"{title}.pdf",
        "content_type": "application/pdf",
    }


def _complete(assessment, actor, rng, levels=None) -> Evidence:
    """Every answer complete with short, unit-specific explanations and one link as evidence."""
    unit, year = assessment.unit, assessment.campaign.year
    link = Evidence.objects.create(
        unit=unit,
        kind=Evidence.LINK,
        title=f"Dokumen SPBE {unit.short_name} {year}",
        url=f"https://jdih.sukamaju.example.go.id/{unit.pk}/{year}/spbe",
        document_date=date(year, 1, 15),
        uploaded_by=actor,
    )
    for answer in assessment.answers.select_related("indicator").prefetch_related("attachments"):
        level = (levels or {}).get(answer.indicator.number) or answer.level or rng.choice([2, 3, 3, 4])
        document = DOCUMENTS[answer.indicator.number % len(DOCUMENTS)]
        Answer.objects.filter(pk=answer.pk).update(
            level=level,
            fakta=f"{document} {unit.short_name} No. {answer.indicator.number}/{year}, hal. "
            f"{rng.randint(2, 30)}",
            analisis=f"Memenuhi kriteria level {level}.",
            version=answer.version + 1,
        )
        if not answer.attachments.all():
            AnswerEvidence.objects.create(answer=answer, evidence=link)
    return link


def _attach(assessment, number: int, **evidence) -> AnswerEvidence:
    answer = assessment.answers.get(indicator__number=number)
    kind = Evidence.FILE if "file" in evidence else Evidence.LINK
    stored = Evidence.objects.create(unit=assessment.unit, kind=kind, uploaded_by=None, **evidence)
    return AnswerEvidence.objects.create(answer=answer, evidence=stored)


def _verified_unit(assessment, users, rng, shared) -> None:
    """Bappeda: sent, one answer sent back, evidence removed in the revision, then accepted."""
    admin = users["admin.kominfo"]
    _complete(assessment, admin, rng)
    Answer.objects.filter(assessment=assessment, indicator__number=16).update(
        fakta=COPIED.format(unit="Bappeda"), analisis="Seluruh layanan sudah mengikuti standar."
    )
    _attach(assessment, 16, **shared, document_date=date(assessment.campaign.year, 1, 20))
    removed = _attach(
        assessment,
        13,
        title="Notulen koordinasi perencanaan",
        document_date=date.today(),
        url="https://drive.sukamaju.example.go.id/bappeda/notulen",
    )
    _attach(
        assessment,
        32,
        title=f"Laporan Reviu Arsitektur SPBE {date.today().year - 3}",
        url="https://drive.sukamaju.example.go.id/bappeda/reviu",
        document_date=date(date.today().year - 3, 2, 1),
    )
    assessment_services.submit_assessment(admin, assessment)
    _second_round(assessment, users, removed)


def _second_round(assessment, users, removed: AnswerEvidence) -> None:
    """Indicator 13 sent back; the unit drops a document (without a replacement), resubmits,
    and the verifier accepts the unit."""
    admin, verifier = users["admin.kominfo"], users["verifikator"]
    to_revise = assessment.answers.get(indicator__number=13)
    for answer in assessment.answers.all():
        if answer.pk == to_revise.pk:
            services.record_verdict(
                verifier,
                answer,
                Verdict.REVISE,
                reason="unsuitable",
                verified_level="2",
                justification="Notulen tidak memuat pembahasan Arsitektur SPBE; lampirkan "
                "dokumen arsitektur yang ditetapkan.",
            )
        else:
            services.record_verdict(verifier, answer, Verdict.ACCEPT)
    services.return_assessment(
        verifier,
        assessment,
        "Perbaiki data dukung indikator 13.",
        assessment.campaign.unit_deadline + timedelta(days=7),
    )
    to_revise.refresh_from_db()
    evidence_services.detach(admin, removed)
    revised = assessment_services.AnswerInput(3, to_revise.fakta, "Arsitektur SPBE Bappeda sudah ditetapkan.")
    assessment_services.save_answer(admin, to_revise, revised, to_revise.version)
    assessment_services.submit_assessment(admin, assessment)
    services.record_verdict(verifier, to_revise, Verdict.ACCEPT, justification="Dokumen arsitektur sesuai.")
    services.accept_assessment(verifier, assessment)


def _returned_unit(assessment, users, rng, shared) -> None:
    """Dinkes: sent with a copied explanation, a shared file, a late document and a level jump;
    two answers sent back for revision."""
    head, verifier = users["kepala.dinkes"], users["verifikator"]
    _complete(assessment, users["operator.dinkes"], rng, levels={47: 5})
    Answer.objects.filter(assessment=assessment, indicator__number=16).update(
        fakta=COPIED.format(unit="Dinas Kesehatan"), analisis="Seluruh layanan sudah mengikuti standar."
    )
    _attach(assessment, 16, **shared, document_date=date(assessment.campaign.year, 1, 20))
    late = assessment.campaign.unit_deadline.date() + timedelta(days=12)
    _attach(
        assessment,
        18,
        title="SK Tim Pengelola Layanan Kesehatan Elektronik",
        document_date=late,
        url="https://drive.sukamaju.example.go.id/dinkes/sk-tim",
    )
    assessment_services.submit_assessment(head, assessment)
    revise = {
        17: ("missing", "1", "Notulen penetapan kebijakan belum dilampirkan."),
        47: ("lower_level", "3", "Belum ada bukti kolaborasi layanan lintas instansi (level 4)."),
    }
    for answer in assessment.answers.select_related("indicator"):
        if answer.indicator.number in revise:
            reason, level, text = revise[answer.indicator.number]
            services.record_verdict(
                verifier, answer, Verdict.REVISE, reason=reason, verified_level=level, justification=text
            )
        else:
            services.record_verdict(verifier, answer, Verdict.ACCEPT)
    services.return_assessment(
        verifier,
        assessment,
        "Lengkapi data dukung indikator 17 dan 47.",
        assessment.campaign.unit_deadline + timedelta(days=7),
    )
    assert UnitAssessment.objects.get(pk=assessment.pk).status == UnitAssessment.RETURNED


def _dismiss_one(campaign, verifier) -> None:
    finding = (
        Finding.objects.open()
        .filter(campaign=campaign, kind=Finding.HASH_REUSE, assessment__unit__short_name="Bappeda")
        .first()
    )
    if finding:
        services.dismiss_finding(
            verifier, finding, "Notulen rapat Tim Koordinasi memang dipakai bersama oleh unit peserta rapat."
        )
