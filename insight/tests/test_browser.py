"""The coaching journey in a real browser (Playwright on Debian's Chromium): a verifier builds a
plan to reach "Memuaskan" from the verified levels, turns it into coaching actions for two units,
one unit marks its action done, and a periodic check re-checks it."""

import os
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Rahasia-Sekali-2026"  # conftest.PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="chromium belum terpasang (apt-get install chromium)"
    ),
]


@pytest.fixture
def spbe(transactional_db):  # the root fixture of the same name, after loading the frameworks
    from instrument.models import FrameworkVersion
    from instrument.services import default_framework_files, load_frameworks

    load_frameworks(default_framework_files())  # a transactional test starts from empty tables
    return FrameworkVersion.objects.select_related("framework").get(
        framework__slug="spbe-2020", is_current=True
    )


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(
            base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        browser.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_load_state()


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
