"""What every browser test shares: Playwright driving Debian's Chromium against live_server.

The test modules take `MARKS` as their pytestmark and use the `page` fixture of the root
conftest.py (one Chromium per test module, a fresh context per test). Screenshots go to
test-artifacts/. Skipped, with the reason, where Chromium is not installed; CI installs it."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

MARKS = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="chromium belum terpasang (apt-get install chromium)"
    ),
]


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, username, password):
    page.context.clear_cookies()
    page.goto("/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_load_state()


def load_spbe():
    """Load the shipped frameworks (a transactional test starts from empty tables) and return the
    current SPBE 2020 version."""
    from instrument.models import FrameworkVersion
    from instrument.services import default_framework_files, load_frameworks

    load_frameworks(default_framework_files())
    return FrameworkVersion.objects.select_related("framework").get(
        framework__slug="spbe-2020", is_current=True
    )
