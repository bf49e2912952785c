"""Helpers of the review tests; the shared fixtures (personas, campaign, …) are in the root
conftest.py."""

from datetime import date

import pytest

from assessment import services as assessment_services
from assessment.models import Answer, AnswerEvidence, Evidence


def fill(assessment, actor, level=3, *, levels=None, document_date=date(2025, 1, 10), evidence=True):
    """Answer every row of `assessment` directly (short texts, so no near-copy finding) with one
    link as evidence; `levels` overrides the level per indicator number."""
    unit = assessment.unit
    link = None
    if evidence:
        link = Evidence.objects.create(
            unit=unit,
            kind=Evidence.LINK,
            title=f"Perbup {unit.short_name}",
            uploaded_by=actor,
            url=f"https://jdih.example.go.id/{unit.pk}/{assessment.campaign_id}",
            document_date=document_date,
        )
    for answer in assessment.answers.select_related("indicator"):
        number = answer.indicator.number
        Answer.objects.filter(pk=answer.pk).update(
            level=(levels or {}).get(number, level),
            fakta=f"Perbup {unit.short_name} {number}/2025 hal. {number}",
            analisis=f"Memenuhi kriteria ({unit.short_name}).",
            version=1,
        )
        if link is not None:
            AnswerEvidence.objects.create(answer=answer, evidence=link)
    return link


def submit(assessment, head):
    assessment_services.submit_assessment(head, assessment)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def submitted(dinkes_assessment, personas):
    """Dinkes has answered everything at level 3 and its head has submitted."""
    fill(dinkes_assessment, personas["operator_dinkes"])
    return submit(dinkes_assessment, personas["head_dinkes"])
