"""Main journeys in a real browser: Playwright driving Debian's Chromium against live_server.

Screenshots go to test-artifacts/. Skipped (with the reason) where Chromium is not installed;
CI installs it."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium belum terpasang (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):
    from instrument.services import default_framework_files, load_frameworks
    from orgs.demo import load_demo

    load_frameworks(default_framework_files())
    load_demo()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, username, password="Swanilai-Demo-2026"):
    page.goto("/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Masuk", exact=True).click()


def test_simulator_updates_index_live(page, demo):
    sign_in(page, "verifikator")
    page.goto("/instrumen/spbe-2020/simulasi/")
    assert page.inner_text("#sim-index") == "1,00"
    page.select_option("#i42", "5")  # 3 % weight × 4 steps = +0,12
    page.wait_for_function("document.querySelector('#sim-index').textContent.trim() === '1,12'")
    assert page.inner_text("#sim-predicate") == "Kurang"
    shot(page, "simulator")


def test_framework_browser_shows_criteria(page, demo):
    sign_in(page, "operator.dinkes")
    page.goto("/instrumen/pemdi-2026/")
    page.click("#indikator-6 summary")
    assert "Belum diketahui" in page.inner_text("#indikator-6")
    shot(page, "framework-browser")


def test_operator_refused_other_units_page(page, demo):
    from orgs.models import Unit

    disdik = Unit.objects.get(institution__slug="sukamaju", short_name="Disdik")
    dinkes = Unit.objects.get(institution__slug="sukamaju", short_name="Dinkes")
    sign_in(page, "operator.dinkes")
    assert page.goto(f"/instansi/sukamaju/unit/{dinkes.pk}/").status == 200
    response = page.goto(f"/instansi/sukamaju/unit/{disdik.pk}/")
    assert response.status == 404
    shot(page, "operator-refused")


def test_admin_invites_a_person(page, demo):
    from django.contrib.auth import get_user_model

    sign_in(page, "admin.kominfo")
    page.goto("/instansi/sukamaju/orang/undang/")
    page.fill("#id_email", "rina@bappeda.example.go.id")
    page.fill("#id_full_name", "Rina Wulandari")
    page.get_by_label("Verifikator").check()
    page.get_by_role("button", name="Kirim undangan").click()
    page.wait_for_url("**/orang/*/")
    assert "Undangan dikirim" in page.content()
    assert get_user_model().objects.filter(email="rina@bappeda.example.go.id").exists()
    shot(page, "invite")
