"""Password rules, the set-password link of invitations, "lupa kata sandi" and changing one's own."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from audit.models import AuditEntry
from conftest import PASSWORD
from orgs.services import set_password_link

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Kebun-Teh-Puncak-2026"
INVALID_LINK = "Tautan ini tidak berlaku lagi"


@pytest.fixture
def invited(db):
    user = User(username="siti@dinkes.example.go.id", email="siti@dinkes.example.go.id", first_name="Siti")
    user.set_unusable_password()
    user.save()
    return user


def link_for(user, token=None):
    return reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": token or default_token_generator.make_token(user),
        },
    )


@pytest.mark.parametrize("password", ["abcdefghijkXYZ", "9876543210123"])
def test_password_needs_letters_and_digits(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert "Kata sandi harus memuat huruf dan angka." in error.value.messages


def test_good_password_passes():
    validate_password(NEW_PASSWORD)


def test_links_last_three_days():
    assert settings.PASSWORD_RESET_TIMEOUT == 3 * 24 * 3600


def test_set_password_link_from_invitation(client, invited):
    link = link_for(invited)
    assert set_password_link(invited).endswith(link)
    response = client.get(link)
    assert response.status_code == 302  # Django hides the token from the address bar
    form_url = response.url
    page = client.get(form_url)
    assert page.status_code == 200 and invited.username in page.content.decode()
    weak = client.post(form_url, {"new_password1": "abcdefghijklm", "new_password2": "abcdefghijklm"})
    assert "Kata sandi harus memuat huruf dan angka." in weak.content.decode()
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("login")
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="auth.password_set", actor=invited).exists()
    assert "Kata sandi tersimpan" in client.get(response.url).content.decode()
    # The link works once.
    assert INVALID_LINK in client.get(link).content.decode()
    response = client.post(reverse("login"), {"username": invited.username, "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_invalid_token_shows_a_message(client, invited):
    response = client.get(link_for(invited, token="abc-123"))
    assert response.status_code == 200
    assert INVALID_LINK in response.content.decode()


def test_link_older_than_three_days_is_refused(client, invited):
    old = PasswordResetTokenGenerator()
    old._now = lambda: datetime.now() - timedelta(days=3, hours=1)
    response = client.get(link_for(invited, token=old.make_token(invited)))
    assert INVALID_LINK in response.content.decode()


def test_forgotten_password_mail_does_not_reveal_addresses(client, personas, invited):
    url = reverse("password_reset")
    assert client.get(url).status_code == 200
    known = client.post(url, {"email": "OP.DINKES@example.go.id"})
    unknown = client.post(url, {"email": "tidak.ada@example.go.id"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [personas["operator_dinkes"].email]
    assert "/akun/atur-sandi/" in mail.outbox[0].body
    # Invited people who lost their invitation can get a fresh link too.
    client.post(url, {"email": invited.email})
    assert len(mail.outbox) == 2 and mail.outbox[1].to == [invited.email]
    assert "terdaftar" in client.get(known.url).content.decode()


def test_change_own_password(client, personas):
    operator = personas["operator_dinkes"]
    client.force_login(operator)
    url = reverse("password_change")
    assert url == "/akun/ubah-sandi/"
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "ABCDEFGHIJKL", "new_password2": "ABCDEFGHIJKL"}
    )
    assert "Kata sandi harus memuat huruf dan angka." in weak.content.decode()
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("account")
    operator.refresh_from_db()
    assert operator.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="auth.password_change", actor=operator).exists()
    assert client.get(reverse("account")).status_code == 200  # still signed in


def test_login_page_links_forgotten_password_and_no_sso_by_default(client):
    html = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in html
    assert "Masuk dengan" not in html
