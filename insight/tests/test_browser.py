"""The coaching journey in a real browser (Playwright on Debian's Chromium): a verifier builds a
plan to reach "Memuaskan" from the verified levels, turns it into coaching actions for two units,
one unit marks its action done, and a periodic check re-checks it."""

from fractions import Fraction

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


def verify(answers, level):
    from review.models import Verdict

    Verdict.objects.bulk_create(
        Verdict(answer=a, round=1, decision=Verdict.ACCEPT, verified_level=Fraction(level)) for a in answers
    )


@pytest.fixture
def verified_at_four(campaign, dinkes, disdik):
    """Every indicator verified at level 4; Disdik owns indicator 42."""
    from assessment.models import Answer, Responsibility

    Responsibility.objects.filter(campaign=campaign, indicator__number=42).update(owner=disdik)
    answers = Answer.objects.filter(assessment__campaign=campaign)
    answers.filter(indicator__number=42, assessment__unit=dinkes).update(part=Answer.CONTRIBUTOR)
    answers.filter(indicator__number=42, assessment__unit=disdik).update(part=Answer.OWNER)
    answers.update(level=4, fakta="Perbup", analisis="Sudah")
    verify(answers.filter(part=Answer.OWNER), 4)
    return campaign


def test_plan_actions_progress_and_periodic_check(page, personas, sukamaju, disdik, verified_at_four):
    from assessment.models import Answer, Campaign

    base = f"/instansi/{sukamaju.slug}/dasbor"
    sign_in(page, "verifikator")
    page.goto(f"{base}/perencana/")
    page.select_option("#id_dasar", "verified")
    page.select_option("#id_predikat", "Memuaskan")
    page.get_by_role("button", name="Susun rencana").click()
    page.wait_for_selector("#plan-steps")
    assert page.inner_text("#plan-size .index-big").strip() == "7"
    assert "Memuaskan" in page.inner_text("#plan-simulated")
    shot(page, "insight-planner")
    page.get_by_role("button", name="Buat aksi").click()
    page.wait_for_selector("text=7 aksi dibuat untuk 2 unit.")
    shot(page, "insight-coaching-plans")

    sign_in(page, "op.disdik")
    page.goto(f"{base}/pembinaan/")
    page.get_by_role("link", name="Pembinaan Disdik").click()
    page.select_option("select[name=status]", "done")
    page.fill("textarea[name=progress_note]", "SOP pengaduan ditetapkan dengan Keputusan Kepala Dinas.")
    page.get_by_role("button", name="Simpan kemajuan").click()
    page.wait_for_selector("text=Kemajuan aksi disimpan.")

    sign_in(page, "verifikator")
    page.goto(f"{base}/pembinaan/cek-berkala/")
    page.fill("#id_name", "Cek berkala triwulan III")
    page.get_by_role("button", name="Buat dan buka cek berkala").click()
    page.wait_for_selector("text=Hasil tindak lanjut")
    check = Campaign.objects.get(name="Cek berkala triwulan III")
    assert check.kind == Campaign.PERIODIC
    answer = Answer.objects.get(assessment__campaign=check)  # only Disdik's indicator 42
    assert (answer.assessment.unit, answer.indicator.number) == (disdik, 42)
    Answer.objects.filter(pk=answer.pk).update(level=5)
    verify([answer], 5)
    page.reload()
    assert "naik (terverifikasi)" in page.inner_text("#outcomes")
    shot(page, "insight-periodic-check")
