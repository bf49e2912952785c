"""The verification journey in a real browser (Playwright on Debian's Chromium): a verifier
returns one answer, the unit fixes and resubmits it, the verifier accepts, the result is settled
and approved, and the Berita Acara PDF carries the index and the predicate."""

import io

import pytest

from conftest import PASSWORD
from swanilai.tests.browser import MARKS, load_spbe, shot
from swanilai.tests.browser import sign_in as sign_in_as

pytestmark = MARKS


@pytest.fixture
def spbe(transactional_db):  # the root fixture of the same name, in a transactional test
    return load_spbe()


def sign_in(page, username):
    sign_in_as(page, username, PASSWORD)


def test_return_fix_resubmit_accept_approve(page, personas, sukamaju, campaign, submitted):
    from pypdf import PdfReader

    from review import settlement

    base = f"/instansi/{sukamaju.slug}/verifikasi"
    first = submitted.answers.get(indicator__number=1)

    sign_in(page, "verifikator")
    page.goto(f"{base}/jawaban/{first.pk}/")
    page.check("input[name=decision][value=revise]")
    page.select_option("select[name=reason]", "unsuitable")
    page.fill("input[name=verified_level]", "2")
    page.fill("textarea[name=justification]", "Perbup yang dilampirkan masih rancangan.")
    page.get_by_role("button", name="Simpan putusan", exact=True).click()
    page.wait_for_selector("text=Putusan dicatat.")
    page.goto(f"{base}/periode/{campaign.pk}/?status=pending")
    for box in page.query_selector_all("input[name=answer]"):
        box.check()
    page.get_by_role("button", name="Terima jawaban yang dipilih").click()
    page.wait_for_selector("text=jawaban diterima")
    shot(page, "review-queue")
    page.goto(f"{base}/penilaian/{submitted.pk}/")
    page.get_by_role("button", name="Kembalikan ke unit").click()
    page.wait_for_selector("text=Penilaian dikembalikan ke unit")

    sign_in(page, "op.dinkes")
    page.goto(f"/instansi/{sukamaju.slug}/jawaban/{first.pk}/")
    page.fill("#id_fakta", "Perbup Sukamaju 7/2025 yang sudah ditetapkan, hal. 2")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("text=/Tersimpan|Jawaban disimpan/")  # htmx or a plain form post
    sign_in(page, "kepala.dinkes")
    page.goto(f"/instansi/{sukamaju.slug}/penilaian/{submitted.pk}/")
    page.get_by_role("button", name="Setujui dan kirim ke Tim Koordinasi").click()
    page.wait_for_selector("text=sekarang terkunci")

    sign_in(page, "verifikator")
    page.goto(f"{base}/penilaian/{submitted.pk}/perubahan/")
    assert "ditetapkan" in page.inner_text("main")
    shot(page, "review-changes")
    page.goto(f"{base}/jawaban/{first.pk}/")
    page.check("input[name=decision][value=accept]")
    page.get_by_role("button", name="Simpan putusan", exact=True).click()
    page.wait_for_selector("text=Putusan dicatat.")
    page.goto(f"{base}/penilaian/{submitted.pk}/")
    page.get_by_role("button", name="Terima penilaian unit").click()
    page.wait_for_selector("text=Verifikasi unit selesai")
    for indicator in campaign.framework_version.indicators.exclude(number=1):
        settlement.settle_indicator(
            personas["verifier"],
            campaign,
            indicator,
            rule="owner",
            final_level="3",
            explanation="Sesuai hasil verifikasi.",
        )
    page.goto(f"{base}/periode/{campaign.pk}/indikator/1/")
    page.fill("input[name=final_level]", "3")
    page.fill("textarea[name=explanation]", "Sesuai hasil verifikasi Dinkes putaran 2.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("text=Indikator 1 disimpan.")

    sign_in(page, "sekda")
    page.goto(f"{base}/periode/{campaign.pk}/hasil/")
    page.get_by_role("button", name="Setujui hasil instansi").click()
    page.wait_for_selector("text=sekarang terkunci")
    shot(page, "review-result")
    response = page.request.get(f"{base}/periode/{campaign.pk}/hasil/berita-acara.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "3,00" in text and "Baik" in text
