from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show now for this device."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"


def wrong_code(device) -> str:
    """A six-digit code that no tolerated time step of the device accepts."""
    accepted = {current_code(device, step) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def add_device(user, confirmed=True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="uji", confirmed=confirmed)


def login_verified(client, user) -> TOTPDevice:
    """Sign in as if the password and a TOTP code had both been given."""
    client.force_login(user)
    device = add_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
