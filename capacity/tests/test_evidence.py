"""The one-click evidence: a dated coverage PDF, figures frozen in it, attached to indicator 25
(SPBE 2020) of the unit's open assessment through the shared evidence service."""

import io
import json

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import AnswerEvidence, Evidence
from audit.models import AuditEntry
from capacity.report import build_report
from capacity.tests.factories import attend, make_programme, make_session, make_staff
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def trained(sukamaju, dinkes):
    """Dinkes: one application administrator trained in everything but literacy, one user untrained."""
    admin = make_staff(dinkes, "Ani", 1, "admin_aplikasi")
    make_staff(dinkes, "Budi", 2, "pengguna")
    session = make_session(make_programme(sukamaju, ["aplikasi", "keamanan", "data"]), timezone.localdate())
    attend(session, admin)


@pytest.fixture
def answer25(dinkes_assessment):
    return dinkes_assessment.answers.get(indicator__number=25)


def read_pdf(pdf: bytes) -> tuple[str, dict]:
    """The PDF's text and its embedded figures (angka-cakupan.json)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text, json.loads(reader.attachments["angka-cakupan.json"][0])


def attach(client, sukamaju, answer, unit=None, fingerprint=None):
    report = build_report(sukamaju, as_of=timezone.localdate(), months=12, unit=unit)
    data = {
        "answer": answer.pk,
        "bulan": 12,
        "fingerprint": report.fingerprint if fingerprint is None else fingerprint,
    }
    if unit is not None:
        data["unit"] = unit.pk
    return client.post(reverse("capacity:attach_report", args=[sukamaju.slug]), data), report


def test_unit_page_offers_the_one_click_attach(client, personas, sukamaju, dinkes, trained, answer25):
    login_verified(client, personas["operator_dinkes"])
    page = client.get(reverse("capacity:unit_coverage", args=[sukamaju.slug, dinkes.pk])).content.decode()
    assert "Lampirkan ke indikator 25" in page and f'value="{answer25.pk}"' in page
    client.logout()
    login_verified(client, personas["verifier"])  # reads the page, cannot answer: no button
    page = client.get(reverse("capacity:unit_coverage", args=[sukamaju.slug, dinkes.pk])).content.decode()
    assert "Lampirkan ke indikator" not in page


def test_one_click_attaches_a_dated_pdf_with_frozen_figures(
    client, personas, sukamaju, dinkes, trained, answer25
):
    login_verified(client, personas["operator_dinkes"])
    response, report = attach(client, sukamaju, answer25, unit=dinkes)
    assert response.status_code == 302
    assert response.url.startswith(reverse("assessment:answer", args=[sukamaju.slug, answer25.pk]))
    attachment = AnswerEvidence.objects.select_related("evidence").get(answer=answer25)
    evidence = attachment.evidence
    assert evidence.kind == Evidence.FILE and evidence.content_type == "application/pdf"
    assert evidence.document_date == timezone.localdate()
    assert evidence.title.startswith("Laporan cakupan kompetensi SDM Dinas Kesehatan per ")
    assert evidence.original_name == f"cakupan-kompetensi-sdm-{dinkes.pk}-{timezone.localdate():%Y-%m-%d}.pdf"
    text, frozen = read_pdf(evidence.file.read())
    assert "Laporan Cakupan Kompetensi SDM" in text and "Dinas Kesehatan" in text
    assert "Indikator 25 Penerapan Kompetensi SDM" in text  # what it is evidence for
    assert report.fingerprint in text.replace("\n", "")
    assert frozen["scope"] == "Dinas Kesehatan"
    assert frozen["total"]["complete"] == [0, 2] and frozen["total"]["areas"]["aplikasi"] == [1, 1]
    assert frozen["total"]["areas"]["literasi"] == [0, 2]
    assert AuditEntry.objects.filter(action="evidence.upload").exists()  # the shared evidence service
    audit = AuditEntry.objects.get(action="capacity.report.attach")
    assert audit.after["fingerprint"] == report.fingerprint and audit.after["evidence"] == evidence.pk


def test_figures_changed_since_the_page_was_shown_are_refused(
    client, personas, sukamaju, dinkes, trained, answer25
):
    login_verified(client, personas["operator_dinkes"])
    shown = build_report(sukamaju, as_of=timezone.localdate(), months=12, unit=dinkes).fingerprint
    make_staff(dinkes, "Cici", 3, "pengguna")  # someone adds a person meanwhile
    response, _report = attach(client, sukamaju, answer25, unit=dinkes, fingerprint=shown)
    assert response.status_code == 302 and "/sdm/unit/" in response.url
    assert not AnswerEvidence.objects.filter(answer=answer25).exists()


def test_institution_report_can_be_attached_too(client, personas, sukamaju, trained, answer25):
    login_verified(client, personas["head_dinkes"])
    response, _report = attach(client, sukamaju, answer25)
    assert response.status_code == 302
    _text, frozen = read_pdf(AnswerEvidence.objects.get(answer=answer25).evidence.file.read())
    assert frozen["scope"] == sukamaju.name and "Dinkes" in frozen["units"]


def test_only_the_units_own_people_may_attach(client, personas, sukamaju, dinkes, trained, answer25):
    for persona, status in [
        ("verifier", 403),
        ("admin", 403),
        ("operator_disdik", 404),
        ("outsider_admin", 404),
    ]:
        client.logout()
        login_verified(client, personas[persona])
        response, _report = attach(client, sukamaju, answer25, unit=dinkes)
        assert response.status_code == status, persona
    assert not AnswerEvidence.objects.exists()


def test_other_indicators_refused(client, personas, sukamaju, dinkes, trained, dinkes_assessment):
    other = dinkes_assessment.answers.exclude(indicator__number=25).first()
    login_verified(client, personas["operator_dinkes"])
    response, _report = attach(client, sukamaju, other, unit=dinkes)
    assert response.status_code == 302
    assert not AnswerEvidence.objects.exists()


def test_submitted_assessment_refuses(
    client, personas, sukamaju, dinkes, trained, dinkes_assessment, answer25
):
    dinkes_assessment.status = dinkes_assessment.SUBMITTED
    dinkes_assessment.save()
    login_verified(client, personas["operator_dinkes"])
    response, _report = attach(client, sukamaju, answer25, unit=dinkes)
    assert response.status_code == 302 and not AnswerEvidence.objects.exists()


def test_pdf_download_is_dated_and_aggregate_only(client, personas, sukamaju, dinkes, trained):
    login_verified(client, personas["viewer"])
    response = client.get(reverse("capacity:unit_report_pdf", args=[sukamaju.slug, dinkes.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert f"{timezone.localdate():%Y-%m-%d}.pdf" in response["Content-Disposition"]
    text, frozen = read_pdf(response.content)
    assert f"Keadaan per {timezone.localdate().day} " in text
    assert "Ani" not in text and "198503122010011001" not in text and "Ani" not in json.dumps(frozen)
    assert "0,0%" in text and "100,0%" in text  # literacy 0/2, applications 1/1
