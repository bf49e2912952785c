"""TOTP second factor: who must use it, setting it up, giving the code, turning it off."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.helpers import add_device, current_code, login_verified, wrong_code
from audit.models import AuditEntry
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Kode tidak cocok. Periksa jam di ponsel Anda dan coba lagi."
SETUP, VERIFY = "/akun/2fa/", "/akun/2fa/verifikasi/"


@pytest.fixture
def strict(sukamaju):
    """Sukamaju as shipped: two-factor required for admins, verifiers and the Koordinator."""
    sukamaju.require_2fa = True
    sukamaju.save()
    return sukamaju


def password_login(client, user, next_url=""):
    return client.post(
        reverse("login") + (f"?next={next_url}" if next_url else ""),
        {"username": user.username, "password": PASSWORD},
    )


def test_urls():
    assert reverse("twofactor_setup") == SETUP
    assert reverse("twofactor_verify") == VERIFY
    assert reverse("account") == "/akun/"


def test_verifier_must_set_up_before_anything_else(client, personas, strict):
    verifier = personas["verifier"]
    response = password_login(client, verifier)
    assert response.status_code == 302 and response.url.startswith(SETUP)
    response = client.get("/instrumen/")
    assert response.status_code == 302 and response.url == SETUP + "?next=%2Finstrumen%2F"
    assert client.get(reverse("home")).url.startswith(SETUP)


def test_setup_with_correct_code(client, personas, strict):
    verifier = personas["verifier"]
    password_login(client, verifier)
    page = client.get(SETUP + "?next=/instrumen/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Peran Anda mewajibkan" in html
    device = TOTPDevice.objects.get(user=verifier)
    assert not device.confirmed
    secret = re.search(r"<code[^>]*>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")
    assert len(secret) == 32
    response = client.post(SETUP, {"code": current_code(device), "next": "/instrumen/"})
    assert response.status_code == 302 and response.url == "/instrumen/"
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="auth.2fa_enabled", actor=verifier).exists()
    assert client.get("/instrumen/").status_code == 200


def test_setup_with_wrong_code_confirms_nothing_and_is_throttled(client, personas, strict):
    verifier = personas["verifier"]
    password_login(client, verifier)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=verifier)
    response = client.post(SETUP, {"code": wrong_code(device)})
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not TOTPDevice.objects.filter(user=verifier, confirmed=True).exists()
    # Right away, even the right code waits (django-otp's growing delay after a wrong one).
    response = client.post(SETUP, {"code": current_code(device)})
    assert "Terlalu banyak kode yang salah" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=verifier, confirmed=True).exists()
    assert client.get("/instrumen/").status_code == 302


def test_malformed_code_gets_a_message(client, personas, strict):
    password_login(client, personas["verifier"])
    response = client.post(SETUP, {"code": "12ab"})
    assert "Masukkan 6 angka dari aplikasi autentikator." in response.content.decode()


def test_code_asked_after_password_for_those_with_a_device(client, personas, strict):
    verifier = personas["verifier"]
    device = add_device(verifier)
    response = password_login(client, verifier, next_url="/instrumen/")
    assert response.status_code == 302 and response.url == VERIFY + "?next=%2Finstrumen%2F"
    assert client.get("/instrumen/").url.startswith(VERIFY)
    # The setup page cannot be used to get round the code.
    assert client.get(SETUP).url.startswith(VERIFY)
    response = client.post(VERIFY, {"code": current_code(device), "next": "/instrumen/"})
    assert response.status_code == 302 and response.url == "/instrumen/"
    assert AuditEntry.objects.filter(action="auth.2fa_verified", actor=verifier).exists()
    assert client.get("/instrumen/").status_code == 200


def test_wrong_code_at_login(client, personas, strict):
    verifier = personas["verifier"]
    device = add_device(verifier)
    password_login(client, verifier)
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 200 and WRONG in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.2fa_failed", actor=verifier).exists()
    assert client.get("/instrumen/").status_code == 302


@pytest.mark.parametrize("persona", ["admin", "koordinator", "verifier"])
def test_privileged_roles_forced_only_where_institution_requires(client, personas, sukamaju, persona):
    client.force_login(personas[persona])
    assert client.get("/instrumen/").status_code == 200  # fixtures: require_2fa=False
    sukamaju.require_2fa = True
    sukamaju.save()
    client.force_login(personas[persona])
    assert client.get("/instrumen/").url.startswith(SETUP)


def test_platform_admin_always_forced(client, personas):
    client.force_login(personas["platform_admin"])
    assert client.get("/instrumen/").url.startswith(SETUP)


@pytest.mark.parametrize("persona", ["operator_dinkes", "head_dinkes", "viewer"])
def test_unit_roles_and_viewers_not_forced(client, personas, strict, persona):
    response = password_login(client, personas[persona])
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get("/instrumen/").status_code == 200


def test_voluntary_second_factor_is_asked_at_next_login(client, personas, strict):
    operator = personas["operator_dinkes"]
    password_login(client, operator)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=operator)
    assert client.post(SETUP, {"code": current_code(device)}).url == reverse("account")
    client.post(reverse("logout"))
    response = password_login(client, operator)
    assert response.url.startswith(VERIFY)
    assert client.get("/instrumen/").url.startswith(VERIFY)


def test_unverified_person_may_still_log_out_and_change_language(client, personas, strict):
    client.force_login(personas["verifier"])
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_htmx_requests_are_told_where_to_go(client, personas, strict):
    client.force_login(personas["verifier"])
    response = client.get("/instrumen/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith(SETUP)


def test_verified_session_passes(client, personas, strict):
    login_verified(client, personas["verifier"])
    assert client.get("/instrumen/").status_code == 200


# -- account page -----------------------------------------------------------------------------------


def test_account_page_lists_roles_and_status(client, personas, strict, dinkes):
    client.force_login(personas["operator_dinkes"])
    html = client.get(reverse("account")).content.decode()
    assert "Operator unit" in html and "Dinas Kesehatan" in html and "Kabupaten Uji Sukamaju" in html
    assert "Belum aktif" in html and reverse("password_change") in html
    login_verified(client, personas["verifier"])
    html = client.get(reverse("account")).content.decode()
    assert "Verifikator" in html and "tidak dapat dimatikan" in html


def test_operator_can_turn_off_with_current_code(client, personas, strict):
    operator = personas["operator_dinkes"]
    device = login_verified(client, operator)
    response = client.post(reverse("twofactor_disable"), {"code": wrong_code(device)})
    assert WRONG in response.content.decode()
    device.throttle_reset()
    response = client.post(reverse("twofactor_disable"), {"code": current_code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=operator).exists()
    assert AuditEntry.objects.filter(action="auth.2fa_disabled", actor=operator).exists()
    assert client.get("/instrumen/").status_code == 200


def test_forced_person_cannot_turn_off(client, personas, strict):
    verifier = personas["verifier"]
    device = login_verified(client, verifier)
    response = client.post(reverse("twofactor_disable"), {"code": current_code(device)})
    assert response.status_code == 200
    assert "wajib untuk peran Anda" in response.content.decode()
    assert TOTPDevice.objects.filter(user=verifier, confirmed=True).exists()
