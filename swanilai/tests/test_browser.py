"""Main journeys in a real browser: Playwright driving Debian's Chromium against live_server.

Screenshots go to test-artifacts/. Skipped (with the reason) where Chromium is not installed;
CI installs it."""

import pytest

from swanilai.tests.browser import MARKS, shot
from swanilai.tests.browser import sign_in as sign_in_as

pytestmark = MARKS


@pytest.fixture
def demo(transactional_db):
    from instrument.services import default_framework_files, load_frameworks
    from orgs.demo import load_demo

    load_frameworks(default_framework_files())
    load_demo()


def sign_in(page, username, password="Swanilai-Demo-2026"):
    sign_in_as(page, username, password)


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


def totp_now(secret_text: str, ahead: int = 0) -> str:
    """The code an authenticator app shows, `ahead` time steps later (the device accepts the
    next step too, and refuses a code already used, so the second login uses the next one)."""
    import time
    from base64 import b32decode

    from django_otp.oath import TOTP

    secret = secret_text.replace(" ", "")
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time = time.time() + 30 * ahead
    return f"{totp.token():06d}"


def test_platform_admin_enrols_and_logs_in_with_totp(page, demo):
    sign_in(page, "admin")
    page.wait_for_url("**/akun/2fa/**")
    secret = page.locator("code").first.inner_text()
    page.fill("#id_code", totp_now(secret))
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_url(lambda url: "/akun/2fa" not in url)
    shot(page, "totp-enrolled")
    page.get_by_role("button", name="Keluar").first.click()
    sign_in(page, "admin")
    page.wait_for_url("**/akun/2fa/verifikasi/**")
    page.fill("#id_code", "000000" if totp_now(secret) != "000000" else "111111")
    page.get_by_role("button", name="Verifikasi", exact=True).click()
    assert "Kode tidak cocok" in page.content()
    page.wait_for_timeout(2100)  # django-otp throttles the next try after a failure
    page.fill("#id_code", totp_now(secret, ahead=1))
    page.get_by_role("button", name="Verifikasi", exact=True).click()
    page.wait_for_url(lambda url: "/akun/2fa" not in url)
    assert page.goto("/instansi/").status == 200
    shot(page, "totp-verified")


def small_campaign():
    """A campaign in which Dinas Kesehatan answers exactly three indicators."""
    from datetime import date, timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assessment import services
    from assessment.models import Campaign
    from instrument.models import FrameworkVersion
    from orgs.models import Institution

    institution = Institution.objects.get(slug="sukamaju")
    dinkes = institution.units.get(short_name="Dinkes")
    disdik = institution.units.get(short_name="Disdik")
    admin = get_user_model().objects.get(username="admin.kominfo")
    draft = Campaign(
        institution=institution,
        framework_version=FrameworkVersion.objects.get(framework__slug="spbe-2020", is_current=True),
        name="Uji peramban",
        year=2026,
        opens_on=date.today(),
        unit_deadline=timezone.now() + timedelta(days=5),
        verification_starts_on=date.today(),
        verification_ends_on=date.today(),
        closes_on=date.today(),
    )
    campaign = services.create_campaign(admin, draft, [dinkes, disdik])
    for row in campaign.responsibilities.select_related("indicator"):
        owner = dinkes if row.indicator.number in (45, 46, 47) else disdik
        services.set_responsibility(admin, row, owner, [])
    services.open_campaign(admin, campaign, notify=False)
    return campaign.assessments.get(unit=dinkes)


def test_unit_answers_with_evidence_and_head_submits(page, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assessment = small_campaign()
    workspace = f"/instansi/sukamaju/penilaian/{assessment.pk}/"
    sign_in(page, "operator.dinkes")
    page.goto(workspace)
    links = page.locator("table a[href*='/jawaban/']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) == 3
    pdf = tmp_path / "perbup.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    for n, href in enumerate(hrefs):
        page.goto(href)
        page.select_option("#id_level", "2")
        page.fill("#id_fakta", f"Peraturan Bupati Sukamaju Nomor {n + 1} Tahun 2026, Pasal 4, halaman 3.")
        page.fill("#id_analisis", "Layanan sudah dapat berinteraksi dengan pengguna melalui aplikasi.")
        page.get_by_role("button", name="Simpan", exact=True).click()
        page.wait_for_load_state()
        assert "Jawaban disimpan" in page.content()
        page.set_input_files("#ev-file-all", str(pdf))
        page.fill("#ev-title-all", f"Perbup {n + 1}/2026")
        page.get_by_role("button", name="Unggah", exact=True).first.click()
        page.wait_for_selector("#evidence-panel table")
    shot(page, "answer-with-evidence")
    page.get_by_role("button", name="Keluar").first.click()
    sign_in(page, "kepala.dinkes")
    page.goto(workspace)
    page.get_by_role("button", name="Setujui dan kirim ke Tim Koordinasi").click()
    page.wait_for_load_state()
    assert "sekarang terkunci" in page.content()
    shot(page, "submitted")
    page.get_by_role("button", name="Keluar").first.click()
    sign_in(page, "operator.disdik")
    assert page.goto(workspace).status == 404
    assert page.goto(hrefs[0]).status == 404
    page.get_by_role("button", name="Keluar").first.click()
    sign_in(page, "operator.dinkes")
    page.goto(hrefs[0])
    assert page.locator("#id_fakta").count() == 0
    assert "tidak dapat diubah" in page.content()
