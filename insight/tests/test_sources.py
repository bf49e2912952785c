"""The seam: each kind from its own source, read straight from the review app's rows."""

from fractions import Fraction

import pytest

from assessment.models import Answer
from insight import dashboards, sources
from insight.tests.conftest import set_levels

pytestmark = pytest.mark.django_db

review_models = pytest.importorskip("review.models")


def verdict(answer, round_, level, decision="accept", reason="", text=""):
    return review_models.Verdict.objects.create(
        answer=answer,
        round=round_,
        decision=decision,
        reason=reason,
        verified_level=level,
        justification=text,
    )


def test_verified_is_the_latest_verdict_per_answer(campaign, dinkes, disdik):
    set_levels(campaign, {1: 4, 16: 3}, part=Answer.OWNER)
    owner_1 = Answer.objects.get(assessment__campaign=campaign, assessment__unit=dinkes, indicator__number=1)
    contributor_16 = Answer.objects.get(
        assessment__campaign=campaign, assessment__unit=disdik, indicator__number=16
    )
    verdict(owner_1, 1, Fraction(2), "revise", "missing", "Perbup belum diunggah")
    verdict(owner_1, 2, Fraction(3))
    verdict(contributor_16, 1, Fraction(5, 4))
    found = sources.collect([campaign], sources.VERIFIED)[campaign.pk]
    assert found.institution == {1: 3}  # only owner answers make the institution's level
    assert found.units == {dinkes.pk: {1: 3}, disdik.pk: {16: Fraction(5, 4)}}
    assert sources.levels(campaign, sources.SELF) == {1: 4, 16: 3}
    assert sources.levels(campaign, sources.SELF, unit=disdik) == {}


def test_findings_are_latest_revise_verdicts(campaign, dinkes):
    answers = list(
        Answer.objects.filter(assessment__campaign=campaign, assessment__unit=dinkes).order_by(
            "indicator__number"
        )[:2]
    )
    verdict(answers[0], 1, None, "revise", "missing", "Perbup belum diunggah")
    verdict(answers[1], 1, Fraction(2), "revise", "unsuitable", "Bukan dokumen tahun ini")
    verdict(answers[1], 2, Fraction(3))
    found = sources.findings(campaign, [dinkes.pk])[dinkes.pk]
    assert [(f.indicator_number, f.reason, f.text) for f in found] == [
        (1, "Data dukung belum ada", "Perbup belum diunggah")
    ]


def test_final_levels_come_from_the_institution_result(campaign, spbe, sukamaju):
    from instrument.models import Indicator

    indicators = {i.number: i for i in Indicator.objects.filter(version=spbe)}
    for number in range(1, 48):
        review_models.IndicatorResult.objects.create(
            campaign=campaign, indicator=indicators[number], final_level=Fraction(3)
        )
    assert sources.levels(campaign, sources.FINAL) == dict.fromkeys(range(1, 48), 3)
    board = dashboards.build_institution(sukamaju)
    final = next(c for c in board.cards if c.kind == sources.FINAL)
    assert final.score.index == 3 and final.score.predicate == "Baik"


def test_a_broken_source_is_unavailable_not_an_error(monkeypatch, campaign):
    def broken(ids, units):
        raise LookupError("review.Verdict has no field verified_level")

    monkeypatch.setitem(sources.PROVIDERS, sources.VERIFIED, broken)
    assert sources.collect([campaign], sources.VERIFIED) is None
    assert sources.levels(campaign, sources.VERIFIED) == {}
