"""Lockout after repeated failed logins (django-axes), per username and address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = (
    "Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. "
    "Coba lagi dalam 15 menit atau hubungi admin instansi."
)


def attempt(client, username, password, ip="10.1.1.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client):
    return "_auth_user_id" in client.session


def test_defaults():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_ON_SUCCESS is True


def test_fifth_failure_locks_with_a_clear_page(client, personas):
    username = personas["operator_dinkes"].username
    for _ in range(4):
        response = attempt(client, username, "salah-Sandi-123")
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    response = attempt(client, username, "salah-Sandi-123")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "<html" in page
    # Even the right password is refused while locked.
    response = attempt(client, username, PASSWORD)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)
    failures = AuditEntry.objects.filter(action="auth.login_failed", actor_label=username)
    assert failures.count() >= 5
    assert failures.first().after == {"username": username}


def test_lock_is_per_username_and_address(client, personas):
    locked, other = personas["operator_dinkes"].username, personas["operator_disdik"].username
    for _ in range(5):
        attempt(client, locked, "salah-Sandi-123")
    assert attempt(client, locked, PASSWORD, ip="10.2.2.2").status_code == 302  # same person, another place
    client.logout()
    assert attempt(client, other, PASSWORD).status_code == 302  # another person, same place


def test_success_resets_the_count(client, personas):
    username = personas["operator_dinkes"].username
    for _ in range(4):
        attempt(client, username, "salah-Sandi-123")
    assert attempt(client, username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, username, "salah-Sandi-123").status_code == 200
    assert attempt(client, username, PASSWORD).status_code == 302


def test_lock_ends_after_cool_off(client, personas):
    username = personas["operator_dinkes"].username
    for _ in range(5):
        attempt(client, username, "salah-Sandi-123")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, username, PASSWORD).status_code == 302
    assert signed_in(client)


def test_test_client_login_needs_a_request(client, personas):
    # With the axes backend, Django's test client must pass a request to authenticate().
    assert client.login(
        request=HttpRequest(), username=personas["operator_dinkes"].username, password=PASSWORD
    )
    assert client.get(reverse("home")).status_code == 200


def test_force_login_still_works(client, personas):
    client.force_login(personas["operator_dinkes"])
    assert client.get(reverse("home")).status_code == 200
