"""The verification pages render what they promise, in a fixed number of queries."""

from datetime import timedelta

import pytest

from assessment.models import AnswerEvidence, Evidence
from orgs.tests.test_url_access import login_verified
from review import integrity, services
from review.models import Finding, Verdict

pytestmark = pytest.mark.django_db


def base(sukamaju):
    return f"/instansi/{sukamaju.slug}/verifikasi/"


@pytest.mark.parametrize(
    "path, queries",
    [
        ("jawaban/{answer}/", 16),
        ("penilaian/{assessment}/", 11),
        ("periode/{campaign}/hasil/", 12),
        ("periode/{campaign}/indikator/1/", 15),
        ("periode/{campaign}/temuan/", 7),
        ("penilaian/{assessment}/perubahan/", 8),
    ],
)
def test_pages_query_counts(
    client, personas, sukamaju, campaign, submitted, path, queries, django_assert_max_num_queries
):
    login_verified(client, personas["verifier"])
    url = base(sukamaju) + path.format(
        answer=submitted.answers.first().pk, assessment=submitted.pk, campaign=campaign.pk
    )
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_answer_page_shows_evidence_findings_and_next(client, personas, sukamaju, submitted):
    answers = list(submitted.answers.order_by("indicator__number"))
    Evidence.objects.filter(unit=submitted.unit).update(
        document_date=submitted.deadline.date() + timedelta(days=2)
    )
    integrity.check_assessment(submitted)
    login_verified(client, personas["verifier"])
    body = client.get(base(sukamaju) + f"jawaban/{answers[0].pk}/").content.decode()
    assert "https://jdih.example.go.id/" in body and "Tanggal dokumen sesudah batas pengisian" in body
    assert "Abaikan temuan ini" in body and "Simpan putusan" in body
    response = client.post(
        base(sukamaju) + f"jawaban/{answers[0].pk}/putusan/", {"decision": "accept", "next": "1"}
    )
    assert response.status_code == 302 and response.url.endswith(f"/jawaban/{answers[1].pk}/")


def test_findings_page_explains_with_links(client, personas, sukamaju, campaign, submitted):
    Evidence.objects.filter(unit=submitted.unit).update(
        document_date=submitted.deadline.date() + timedelta(days=2)
    )
    integrity.check_assessment(submitted)
    login_verified(client, personas["verifier"])
    body = client.get(base(sukamaju) + f"periode/{campaign.pk}/temuan/?jenis=late_document").content.decode()
    finding = Finding.objects.first()
    assert "Perbup Dinkes" in body and "sesudah batas pengisian" in body
    assert f"/verifikasi/jawaban/{finding.answer_id}/" in body


def test_pemdi_answer_page_shows_the_level_rule(client, personas, sukamaju, pemdi_campaign, dinkes):
    from instrument.models import EvidenceItem
    from review.tests.conftest import fill, submit

    assessment = pemdi_campaign.assessments.get(unit=dinkes)
    link = fill(assessment, personas["operator_dinkes"], level=3)
    answer = assessment.answers.get(indicator__number=1)
    items = list(EvidenceItem.objects.filter(indicator=answer.indicator, level__lte=3))
    for item in items:
        AnswerEvidence.objects.create(answer=answer, evidence=link, item_code=item.code)
    submit(assessment, personas["head_dinkes"])
    login_verified(client, personas["verifier"])
    url = base(sukamaju) + f"jawaban/{answer.pk}/"
    data = {f"item-{i.code}": "accept" for i in items if i.level == 1}
    data[f"item-{items[1].code}"], data[f"reason-{items[1].code}"] = "revise", "missing"
    client.post(url + "butir/", data)
    body = client.get(url).content.decode()
    assert "ditolak otomatis" in body and "Level 2 belum lengkap" in body
    assert "Nilai parsial boleh dari 1 sampai kurang dari 2" in body
    response = client.post(
        url + "putusan/",
        {
            "decision": "revise",
            "reason": "lower_level",
            "verified_level": "1,5",
            "justification": "Butir L2 kurang.",
        },
    )
    assert response.status_code == 302
    assert str(Verdict.objects.get(answer=answer).verified_level) == "3/2"


def test_indicator_page_settles_and_notes(client, personas, sukamaju, campaign, submitted):
    services.record_verdict(personas["verifier"], submitted.answers.get(indicator__number=1), Verdict.ACCEPT)
    login_verified(client, personas["verifier"])
    url = base(sukamaju) + f"periode/{campaign.pk}/indikator/1/"
    body = client.get(url).content.decode()
    assert "Dinkes" in body or "Dinas Kesehatan" in body
    assert (
        client.post(
            url + "catatan/",
            {"kind": "interview", "held_on": "2026-03-02", "text": "Wawancara Kadis.", "next": url},
        ).status_code
        == 302
    )
    response = client.post(
        url + "tetapkan/",
        {"rule": "owner", "final_level": "3", "explanation": "Sesuai hasil verifikasi Dinkes."},
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Wawancara Kadis." in body and "Sesuai hasil verifikasi Dinkes." in body
