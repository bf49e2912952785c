"""Session lifetime and the production settings (`manage.py check --deploy` must be clean)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parents[2]


def test_sessions_last_a_working_day_and_end_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_middleware_order():
    middleware = settings.MIDDLEWARE
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1] == "django_otp.middleware.OTPMiddleware"
    assert middleware.index("accounts.middleware.TwoFactorMiddleware") > middleware.index(
        "orgs.access.AccessDeclaredMiddleware"
    )
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def run_manage(tmp_path, *args, **env):
    # A clean environment: only what Python needs, so nothing from this test run leaks in.
    environment = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    environment.update(
        {"DJANGO_SETTINGS_MODULE": "swanilai.settings", "SWANILAI_VAR_DIR": str(tmp_path)}, **env
    )
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {
            "OIDC_RP_CLIENT_ID": "swanilai",
            "OIDC_RP_CLIENT_SECRET": "x" * 40,
            "OIDC_OP_JWKS_ENDPOINT": "https://sso.example.go.id/jwks",
        },
    ],
)
def test_production_passes_the_deploy_check(tmp_path, extra):
    result = run_manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SWANILAI_ENV="production",
        SECRET_KEY=get_random_secret_key(),
        ALLOWED_HOSTS="swanilai.example.go.id",
        **extra,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = run_manage(
        tmp_path,
        "check",
        SWANILAI_ENV="production",
        SECRET_KEY="pendek",
        ALLOWED_HOSTS="swanilai.example.go.id",
    )
    assert result.returncode != 0
    assert "SECRET_KEY wajib diisi" in result.stderr
