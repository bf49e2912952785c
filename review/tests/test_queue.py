"""The verifiers' queue: filters, grouping, progress, bulk accept, and fixed query counts."""

import pytest

from assessment.models import Evidence
from orgs.tests.test_url_access import login_verified
from review import integrity, services
from review.models import Finding, Verdict
from review.queue import QueueData, filtered, progress
from review.tests.conftest import fill, submit

pytestmark = pytest.mark.django_db


def queue_url(sukamaju, campaign, query=""):
    return f"/instansi/{sukamaju.slug}/verifikasi/periode/{campaign.pk}/{query}"


def test_queue_query_count_does_not_grow(
    client, personas, sukamaju, campaign, submitted, disdik, django_assert_max_num_queries
):
    login_verified(client, personas["verifier"])
    with django_assert_max_num_queries(12):
        response = client.get(queue_url(sukamaju, campaign))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Antrean verifikasi" in body and 'name="answer"' in body
    fill(campaign.assessments.get(unit=disdik), personas["operator_disdik"], level=2)
    submit(campaign.assessments.get(unit=disdik), personas["head_disdik"])
    for group in ("unit", "indicator", "owner"):
        with django_assert_max_num_queries(12):
            response = client.get(queue_url(sukamaju, campaign, f"?group={group}&status=all"))
        assert response.status_code == 200


def test_filters_and_progress(personas, campaign, submitted):
    answers = list(submitted.answers.order_by("indicator__number"))
    services.record_verdict(
        personas["verifier"],
        answers[0],
        Verdict.REVISE,
        reason="other",
        verified_level="2",
        justification="Kurang.",
    )
    services.record_verdict(personas["verifier"], answers[1], Verdict.ACCEPT)
    rows = QueueData(campaign).rows()
    assert [r.answer for r in filtered(rows, "pending")] == answers[2:]
    assert [r.answer for r in filtered(rows, "accepted")] == [answers[1]]
    assert [r.answer.pk for r in filtered(rows, "waiting")][:1] == [answers[0].pk]
    assert filtered(rows, "overdue") == []
    state = progress(rows)
    assert state.reviewed == 2 and state.submitted_answers == len(answers)


def test_bulk_accept_skips_unclean_answers(client, personas, sukamaju, campaign, submitted):
    answers = list(submitted.answers.order_by("indicator__number"))
    link = Evidence.objects.get(unit=submitted.unit)
    link.document_date = submitted.deadline.date().replace(year=submitted.deadline.year + 1)
    link.save()
    integrity.check_assessment(submitted)  # every answer now has a late-document finding
    assert Finding.objects.open().filter(kind=Finding.LATE_DOCUMENT).count() == len(answers)
    accepted, skipped = services.bulk_accept(personas["verifier"], campaign, [a.pk for a in answers[:3]])
    assert accepted == [] and len(skipped) == 3 and "temuan" in skipped[0][1]
    for finding in Finding.objects.filter(answer__in=answers[:3]):
        services.dismiss_finding(personas["verifier"], finding, "Tanggal salah ketik; dokumen lama.")
    login_verified(client, personas["verifier"])
    response = client.post(
        queue_url(sukamaju, campaign, "terima-sekaligus/"),
        {"answer": [a.pk for a in answers[:4]]},
        follow=True,
    )
    assert "3 jawaban diterima" in response.content.decode()
    assert Verdict.objects.filter(bulk=True).count() == 3
