"""Return → revise only the returned answers → resubmit (round 2) → accept, over HTTP."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessment import services as assessment_services
from assessment.models import Answer, Notice, UnitAssessment
from audit.models import AuditEntry
from orgs.tests.test_url_access import login_verified
from review import services
from review.models import AnswerSnapshot, Verdict

pytestmark = pytest.mark.django_db


def url(inst, *parts):
    return f"/instansi/{inst.slug}/verifikasi/" + "/".join(str(p) for p in parts) + "/"


def test_submission_snapshots_every_answer(submitted):
    snapshots = AnswerSnapshot.objects.filter(answer__assessment=submitted)
    assert snapshots.count() == submitted.answers.count()
    first = snapshots.first()
    assert first.round == 1 and first.level == 3 and len(first.evidence) == 1


def test_only_verifiers_record_verdicts(client, personas, sukamaju, submitted):
    answer = submitted.answers.first()
    data = {"decision": "accept", "justification": "ok"}
    for persona in ("operator_dinkes", "head_dinkes", "koordinator", "viewer", "admin"):
        client.logout()
        login_verified(client, personas[persona])
        assert client.post(url(sukamaju, "jawaban", answer.pk, "putusan"), data).status_code == 403, persona
    assert not Verdict.objects.exists()
    client.logout()
    login_verified(client, personas["verifier"])
    response = client.post(url(sukamaju, "jawaban", answer.pk, "putusan"), data)
    assert response.status_code == 302
    assert Verdict.objects.get().decision == Verdict.ACCEPT
    assert UnitAssessment.objects.get(pk=submitted.pk).status == UnitAssessment.UNDER_REVIEW


def test_revise_needs_reason_and_justification(client, personas, sukamaju, submitted):
    login_verified(client, personas["verifier"])
    answer = submitted.answers.first()
    response = client.post(
        url(sukamaju, "jawaban", answer.pk, "putusan"), {"decision": "revise", "verified_level": "2"}
    )
    assert response.status_code == 400
    assert "Pilih alasan revisi" in response.content.decode()
    assert not Verdict.objects.exists()


def test_return_revise_resubmit_accept(client, personas, sukamaju, submitted):
    verifier, head, operator = personas["verifier"], personas["head_dinkes"], personas["operator_dinkes"]
    answers = list(submitted.answers.order_by("indicator__number"))
    target, others = answers[0], answers[1:]
    login_verified(client, verifier)
    response = client.post(
        url(sukamaju, "jawaban", target.pk, "putusan"),
        {
            "decision": "revise",
            "reason": "unsuitable",
            "verified_level": "2",
            "justification": "Perbup belum ditetapkan; lampirkan yang sudah ditetapkan.",
        },
    )
    assert response.status_code == 302
    accepted, skipped = services.bulk_accept(verifier, submitted.campaign, [a.pk for a in others])
    assert len(accepted) == len(others) and not skipped
    deadline = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url(sukamaju, "penilaian", submitted.pk, "kembalikan"),
        {"deadline": deadline, "message": "Perbaiki indikator 1."},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == UnitAssessment.RETURNED and submitted.round == 1
    assert Notice.objects.filter(user=operator, kind="review.returned").exists()

    # The unit may change only the returned answer.
    other = Answer.objects.get(pk=others[0].pk)
    with pytest.raises(assessment_services.AssessmentError, match="sudah diterima verifikator"):
        assessment_services.save_answer(
            operator, other, assessment_services.AnswerInput(4, "x", "y"), other.version
        )
    target = Answer.objects.get(pk=target.pk)
    assessment_services.save_answer(
        operator,
        target,
        assessment_services.AnswerInput(3, "Perbup 7/2025 yang sudah ditetapkan, hal. 2", "Sudah."),
        target.version,
    )
    assessment_services.submit_assessment(head, submitted)
    submitted.refresh_from_db()
    assert submitted.status == UnitAssessment.SUBMITTED and submitted.round == 2
    assert AnswerSnapshot.objects.filter(answer=target).count() == 2

    # The verifier sees what changed, and the queue shows the answer as resubmitted.
    response = client.get(url(sukamaju, "penilaian", submitted.pk, "perubahan"))
    body = response.content.decode()
    assert response.status_code == 200 and "ditetapkan" in body and target.indicator.short_name in body
    assert others[0].indicator.short_name not in body
    response = client.get(url(sukamaju, "periode", submitted.campaign_id) + "?status=resubmitted")
    assert target.indicator.short_name in response.content.decode()

    client.post(
        url(sukamaju, "jawaban", target.pk, "putusan"), {"decision": "accept", "justification": "Sudah."}
    )
    assert client.post(url(sukamaju, "penilaian", submitted.pk, "terima")).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == UnitAssessment.ACCEPTED
    # Every round kept: both verdicts of the target answer, in their rounds.
    assert list(Verdict.objects.filter(answer=target).values_list("round", "decision")) == [
        (1, "revise"),
        (2, "accept"),
    ]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"review.verdict", "assessment.return", "assessment.accept", "assessment.review"} <= actions


def test_return_needs_a_revise_verdict(personas, submitted):
    with pytest.raises(services.ReviewError, match="Belum ada jawaban"):
        services.return_assessment(personas["verifier"], submitted, "", timezone.now() + timedelta(days=3))


def test_unit_sees_its_verdicts_but_not_others(client, personas, sukamaju, submitted):
    answer = submitted.answers.first()
    services.record_verdict(
        personas["verifier"],
        answer,
        Verdict.REVISE,
        reason="missing",
        verified_level="1",
        justification="Notulen belum dilampirkan.",
    )
    login_verified(client, personas["operator_dinkes"])
    response = client.get(url(sukamaju, "penilaian", submitted.pk))
    assert response.status_code == 200 and "Notulen belum dilampirkan." in response.content.decode()
    assert client.get(url(sukamaju, "jawaban", answer.pk)).status_code == 403
    client.logout()
    login_verified(client, personas["operator_disdik"])
    assert client.get(url(sukamaju, "penilaian", submitted.pk)).status_code == 404


def test_accept_with_another_level_is_refused(personas, submitted):
    answer = submitted.answers.first()
    with pytest.raises(services.ReviewError, match="pilih Revisi"):
        services.record_verdict(personas["verifier"], answer, Verdict.ACCEPT, verified_level="2")


def test_no_verdict_on_a_draft(personas, dinkes_assessment):
    with pytest.raises(services.ReviewError, match="tidak sedang menunggu"):
        services.record_verdict(personas["verifier"], dinkes_assessment.answers.first(), Verdict.ACCEPT)


def test_a_failing_check_does_not_block_submission(monkeypatch, personas, dinkes_assessment):
    from review import integrity
    from review.tests.conftest import fill

    def broken(assessment):
        raise RuntimeError("check broke")

    monkeypatch.setattr(integrity, "check_assessment", broken)
    fill(dinkes_assessment, personas["operator_dinkes"])
    assessment_services.submit_assessment(personas["head_dinkes"], dinkes_assessment)
    assert UnitAssessment.objects.get(pk=dinkes_assessment.pk).status == UnitAssessment.SUBMITTED
    assert AnswerSnapshot.objects.filter(answer__assessment=dinkes_assessment).exists()
