import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests create many people and log in often; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
