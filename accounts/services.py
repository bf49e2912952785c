"""Changes to account security: one's own second factor (TOTP), and an admin's reset of someone
else's after a lost phone. Each change is audited.

Who *must* use a second factor is decided in `orgs.access.Access.needs_2fa`; a person who
turned it on voluntarily is asked for it too (remembered in the session at login, so ordinary
pages cost no extra query).
"""

import math

import django_otp
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import record
from orgs.access import access_for

ENROLLED_SESSION_KEY = "accounts_2fa_enrolled"


class TwoFactorError(ValueError):
    """A refused code or action, with a message for the user; nothing was changed."""


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def remember_enrolment(request, user) -> None:
    request.session[ENROLLED_SESSION_KEY] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def must_verify(request) -> bool:
    """Whether the signed-in user has to give a code before using Swanilai."""
    return bool(request.session.get(ENROLLED_SESSION_KEY)) or access_for(request.user).needs_2fa()


def pending_device(user) -> TOTPDevice:
    """The not yet confirmed device shown on the setup page (the same one until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=False)


def check_code(user, device: TOTPDevice, code: str) -> None:
    """Verify `code` on `device` with django-otp's throttling (after each wrong code the wait
    doubles: 1, 2, 4… seconds); raise TwoFactorError when it is refused."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        locked_until = (info or {}).get("locked_until")
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds())) if locked_until else 1
        raise TwoFactorError(
            _("Terlalu banyak kode yang salah. Tunggu %(seconds)s detik lalu coba lagi.")
            % {"seconds": seconds}
        )
    if django_otp.verify_token(user, device.persistent_id, code) is None:
        raise TwoFactorError(_("Kode tidak cocok. Periksa jam di ponsel Anda dan coba lagi."))


def enable_2fa(request, device: TOTPDevice, code: str) -> None:
    """Confirm the pending device with a correct code; the session counts as verified."""
    user = request.user
    check_code(user, device, code)  # outside the transaction: a wrong code must still count
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        record("auth.2fa_enabled", actor=user, obj=user, request=request, after={"device": "totp"})
    django_otp.login(request, device)
    request.session[ENROLLED_SESSION_KEY] = True


def verify_second_factor(request, code: str) -> None:
    user = request.user
    device = confirmed_device(user)
    if device is None:
        raise TwoFactorError(_("Anda belum memasang aplikasi autentikator."))
    try:
        check_code(user, device, code)
    except TwoFactorError:
        record("auth.2fa_failed", actor=user, obj=user, request=request)
        raise
    django_otp.login(request, device)
    record("auth.2fa_verified", actor=user, obj=user, request=request)


def disable_2fa(request, code: str) -> None:
    """Remove the second factor; needs a current code and is refused for those who must use it."""
    user = request.user
    if access_for(user).needs_2fa():
        raise TwoFactorError(
            _("Verifikasi dua langkah wajib untuk peran Anda sehingga tidak dapat dimatikan.")
        )
    device = confirmed_device(user)
    if device is None:
        raise TwoFactorError(_("Verifikasi dua langkah belum aktif."))
    check_code(user, device, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        record("auth.2fa_disabled", actor=user, obj=user, request=request, before={"device": "totp"})
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session[ENROLLED_SESSION_KEY] = False


@transaction.atomic
def reset_second_factor(actor, person, institution, request=None) -> None:
    """An institution admin resets the second factor of someone who lost their phone: every
    authenticator of theirs is removed, so their sessions are no longer verified and, if their role
    requires it, they enrol a new one at their next sign-in.

    Refused for oneself (the account page is for that), for a platform admin (only another platform
    admin may), and for someone who also works for another institution (their admin, or a platform
    admin, decides)."""
    actor_access = access_for(actor)
    if person.pk == actor.pk:
        raise TwoFactorError(_("Atur verifikasi dua langkah Anda sendiri di halaman Akun."))
    if person.is_superuser and not actor_access.is_platform_admin:
        raise TwoFactorError(_("Hanya admin platform yang dapat mengatur ulang admin platform."))
    elsewhere = {m.institution_id for m in access_for(person).memberships} - {institution.pk}
    if elsewhere and not actor_access.is_platform_admin:
        raise TwoFactorError(
            _("Orang ini juga bertugas di instansi lain; minta admin platform mengatur ulang.")
        )
    removed, _by_model = TOTPDevice.objects.filter(user=person).delete()
    if not removed:
        raise TwoFactorError(_("Orang ini belum memasang aplikasi autentikator."))
    record(
        "auth.2fa_reset",
        actor=actor,
        obj=person,
        institution=institution,
        request=request,
        before={"device": "totp"},
        after={"device": None},
    )
