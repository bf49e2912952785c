"""The institution result: indices equal to the engine's, settling, approval by the Koordinator
SPBE only, locking and reopening, the Berita Acara (context and PDF)."""

import io
from fractions import Fraction

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from instrument.scoring import format_id
from orgs.tests.test_url_access import login_verified
from review import berita_acara, consolidation, results, services, settlement
from review.models import Approval, IndicatorResult, Verdict

pytestmark = pytest.mark.django_db


def verify_all(assessment, verifier, lower=()):
    """Accept every answer, except those in `lower` (indicator numbers): revise one level down."""
    for answer in assessment.answers.select_related("indicator"):
        if answer.indicator.number in lower:
            services.record_verdict(
                verifier,
                answer,
                Verdict.REVISE,
                reason="lower_level",
                verified_level=str(answer.level - 1),
                justification="Level di bawahnya kurang.",
            )
        else:
            services.record_verdict(verifier, answer, Verdict.ACCEPT)


def settle_all(campaign, verifier, levels):
    for indicator in campaign.framework_version.indicators.all():
        settlement.settle_indicator(
            verifier,
            campaign,
            indicator,
            rule=consolidation.OWNER,
            final_level=str(levels(indicator.number)),
            explanation="Dari unit pemilik.",
        )


@pytest.fixture
def verified(submitted, personas):
    verify_all(submitted, personas["verifier"], lower={3, 14, 40})
    return submitted


def test_three_indices_equal_the_engine(campaign, verified, personas):
    final = {n: 4 if n % 3 else 2 for n in range(1, 48)}
    settle_all(campaign, personas["verifier"], final.get)
    data = results.build(campaign)
    engine = campaign.framework_version.engine()
    claimed = {a.indicator.number: a.level for a in verified.answers.select_related("indicator")}
    checked = {n: (level - 1 if n in {3, 14, 40} else level) for n, level in claimed.items()}
    for kind, levels in ((results.SELF, claimed), (results.VERIFIED, checked), (results.FINAL, final)):
        column = data.column(kind)
        expected = engine.score_parsed(levels)
        assert isinstance(column.score.index, Fraction)
        assert column.score.index == expected.index and column.score.predicate == expected.predicate, kind
        assert column.score.aspects == expected.aspects and column.score.domains == expected.domains
    assert data.column(results.SELF).score.index != data.column(results.VERIFIED).score.index  # never mixed


def test_an_incomplete_column_has_no_index(campaign, submitted):
    data = results.build(campaign)
    assert data.column(results.SELF).complete
    assert not data.column(results.VERIFIED).complete and data.column(results.VERIFIED).given == 0
    assert not data.column(results.FINAL).complete


def test_proposal_rules_per_indicator(campaign, verified, personas, disdik):
    from review.tests.conftest import fill, submit

    disdik_assessment = campaign.assessments.get(unit=disdik)
    fill(disdik_assessment, personas["operator_disdik"], level=2)
    submit(disdik_assessment, personas["head_disdik"])
    verify_all(disdik_assessment, personas["verifier"])
    indicator = campaign.framework_version.indicators.get(number=16)  # Dinkes owns, Disdik contributes
    row = next(r for r in results.build(campaign).rows if r.indicator == indicator)
    assert row.proposal.level == 3 and row.proposal.complete
    for rule, threshold, expected in (
        (consolidation.LOWEST, None, 2),
        (consolidation.ALL_AT_LEAST, 3, 2),
        (consolidation.SOME_AT_LEAST, 3, 3),
        (consolidation.ALL_AT_LEAST, 2, 2),
    ):
        settlement.settle_indicator(personas["verifier"], campaign, indicator, rule=rule, threshold=threshold)
        row = next(r for r in results.build(campaign).rows if r.indicator == indicator)
        assert row.proposal.level == expected, rule
    with pytest.raises(services.ReviewError, match="level L"):
        settlement.settle_indicator(
            personas["verifier"], campaign, indicator, rule=consolidation.SOME_AT_LEAST
        )


def test_final_level_needs_an_explanation(campaign, personas):
    indicator = campaign.framework_version.indicators.get(number=1)
    with pytest.raises(services.ReviewError, match="penjelasan"):
        settlement.settle_indicator(personas["verifier"], campaign, indicator, rule="owner", final_level="3")
    with pytest.raises(services.ReviewError):
        settlement.settle_indicator(
            personas["verifier"],
            campaign,
            indicator,
            rule="owner",
            final_level="2,5",
            explanation="SPBE tidak mengenal nilai pecahan.",
        )


# -- approval --------------------------------------------------------------------------------------


def result_url(sukamaju, campaign, tail=""):
    return f"/instansi/{sukamaju.slug}/verifikasi/periode/{campaign.pk}/hasil/{tail}"


def test_only_the_koordinator_approves_then_it_is_locked(client, personas, sukamaju, campaign, verified):
    settle_all(campaign, personas["verifier"], lambda n: 3)
    for persona in ("verifier", "admin", "viewer", "head_dinkes"):
        client.logout()
        login_verified(client, personas[persona])
        assert client.post(result_url(sukamaju, campaign, "setujui/")).status_code == 403, persona
    assert not Approval.objects.exists()
    client.logout()
    login_verified(client, personas["koordinator"])
    assert client.post(result_url(sukamaju, campaign, "setujui/")).status_code == 302
    approval = Approval.objects.get()
    assert approval.index_display == "3,00" and approval.predicate == "Baik"
    assert approval.number == f"001/BA-PM-SPBE/UJI-SUKAMAJU/{timezone.now().year}"
    indicator = campaign.framework_version.indicators.get(number=1)
    with pytest.raises(services.ReviewError, match="terkunci"):
        settlement.settle_indicator(
            personas["verifier"], campaign, indicator, rule="owner", final_level="4", explanation="x"
        )
    assert client.post(result_url(sukamaju, campaign, "buka-kembali/"), {"reason": "x"}).status_code == 403
    client.logout()
    login_verified(client, personas["admin"])
    assert (
        client.post(result_url(sukamaju, campaign, "buka-kembali/"), {"reason": "Salah level 1."}).status_code
        == 302
    )
    approval.refresh_from_db()
    assert approval.revoked_at is not None and approval.revoke_reason == "Salah level 1."
    assert AuditEntry.objects.filter(action="review.reopen_result").exists()
    settlement.settle_indicator(
        personas["verifier"], campaign, indicator, rule="owner", final_level="4", explanation="Diperbaiki."
    )


def test_approval_needs_every_final_level(personas, campaign):
    with pytest.raises(services.ReviewError, match="belum ditetapkan"):
        settlement.approve_result(personas["koordinator"], campaign)


def test_berita_acara_context_and_pdf(client, personas, sukamaju, campaign, verified):
    from pypdf import PdfReader

    settle_all(campaign, personas["verifier"], lambda n: 4 if n < 30 else 3)
    approval = settlement.approve_result(personas["koordinator"], campaign)
    document = berita_acara.build(approval)
    final = results.build(campaign).column(results.FINAL).score
    assert document.index_display == format_id(final.index) and document.predicate == final.predicate
    assert document.institution == "Kabupaten Uji Sukamaju" and document.number == approval.number
    assert [r.label for r in document.rows] == [str(n) for n in range(1, 48)]
    assert document.rows[0].level == "4" and document.rows[0].level_name == "Terpadu dan Terukur"
    months = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]
    assert any(month in document.date for month in months)
    assert document.koordinator.name and document.signatories[0].name  # the verifier who settled
    login_verified(client, personas["viewer"])
    response = client.get(result_url(sukamaju, campaign, "berita-acara.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert document.index_display in text and document.predicate in text
    assert "Berita Acara Penilaian Mandiri".upper() in text.upper() and approval.number in text
    assert "Persetujuan Publikasi".upper() in text.upper()


def test_berita_acara_before_approval_redirects(client, personas, sukamaju, campaign):
    login_verified(client, personas["koordinator"])
    response = client.get(result_url(sukamaju, campaign, "berita-acara.pdf"))
    assert response.status_code == 302 and response.url.endswith("/hasil/")


def test_result_page_shows_three_labelled_indices(
    client, personas, sukamaju, campaign, verified, django_assert_max_num_queries
):
    login_verified(client, personas["koordinator"])
    with django_assert_max_num_queries(13):
        response = client.get(result_url(sukamaju, campaign))
    body = response.content.decode()
    assert response.status_code == 200
    for label in ("Penilaian mandiri", "Terverifikasi", "Final instansi"):
        assert f"Indeks — {label}" in body
    data = results.build(campaign)
    assert data.column(results.SELF).score.display in body
    assert data.column(results.VERIFIED).score.display in body


# -- Pemdi: butir, the level rule and partial credit -----------------------------------------------


def test_pemdi_butir_cascade_and_fractional_value(personas, pemdi_campaign, dinkes):
    from assessment.models import AnswerEvidence
    from instrument.models import EvidenceItem
    from review.tests.conftest import fill, submit

    assessment = pemdi_campaign.assessments.get(unit=dinkes)
    link = fill(assessment, personas["operator_dinkes"], level=3)
    answer = assessment.answers.get(indicator__number=1)
    items = list(EvidenceItem.objects.filter(indicator=answer.indicator, level__lte=3))
    for item in items:
        AnswerEvidence.objects.create(answer=answer, evidence=link, item_code=item.code)
    submit(assessment, personas["head_dinkes"])
    verifier = personas["verifier"]
    l2 = [i.code for i in items if i.level == 2]
    decisions = {i.code: ("accept", "", "") for i in items} | {
        l2[0]: ("revise", "unsuitable", "Belum ditetapkan")
    }
    result = services.record_item_verdicts(verifier, answer, decisions)
    assert result.level == 1 and result.first_incomplete == 2
    assert {o.level for o in result.auto_rejected} == {3}
    with pytest.raises(services.ReviewError, match="belum dapat diterima"):
        services.record_verdict(verifier, answer, Verdict.ACCEPT)
    with pytest.raises(services.ReviewError, match="kurang dari 2"):
        services.record_verdict(
            verifier,
            answer,
            Verdict.REVISE,
            reason="lower_level",
            verified_level="2",
            justification="Butir L2 belum lengkap.",
        )
    verdict = services.record_verdict(
        verifier,
        answer,
        Verdict.REVISE,
        reason="lower_level",
        verified_level="1,25",
        justification="Butir L2 belum lengkap.",
    )
    assert verdict.verified_level == Fraction(5, 4)
    assert any(i["status"] == "auto_rejected" and i["blocked_by_level"] == 2 for i in verdict.items)
    assert Verdict.objects.get(pk=verdict.pk).verified_level == Fraction(5, 4)  # read back exactly


def test_pemdi_fractional_indices_equal_the_engine(personas, pemdi_campaign, dinkes):
    from review.tests.conftest import fill, submit

    assessment = pemdi_campaign.assessments.get(unit=dinkes)
    fill(assessment, personas["operator_dinkes"], level=2)
    submit(assessment, personas["head_dinkes"])
    values = {}
    for answer in assessment.answers.select_related("indicator"):
        number = answer.indicator.number
        values[number] = Fraction(7, 6) if number % 2 else Fraction(5, 4)
        Verdict.objects.create(
            answer=answer, round=1, decision=Verdict.REVISE, reason="other", verified_level=values[number]
        )
    final = {n: Fraction(13, 10) + n % 3 for n in range(1, 21)}
    for indicator in pemdi_campaign.framework_version.indicators.all():
        settlement.settle_indicator(
            personas["verifier"],
            pemdi_campaign,
            indicator,
            rule="owner",
            final_level=str(final[indicator.number]),
            explanation="Parsial.",
        )
    data = results.build(pemdi_campaign)
    engine = pemdi_campaign.framework_version.engine()
    owned = {r.indicator.number for r in data.rows if r.owner and r.owner.unit == dinkes}
    verified_values = {n: v for n, v in values.items() if n in owned}
    expected_verified = engine.score_parsed(
        verified_values | {n: Fraction(1) for n in data.column(results.VERIFIED).assumed}
    )
    assert data.column(results.VERIFIED).complete
    assert data.column(results.VERIFIED).score.index == expected_verified.index
    assert data.column(results.FINAL).score.index == engine.score_parsed(final).index
    assert IndicatorResult.objects.get(campaign=pemdi_campaign, indicator__number=2).final_level == final[2]
