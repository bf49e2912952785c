"""Optional single sign-on with OpenID Connect (mozilla-django-oidc).

Configured only from the environment (see settings: on when OIDC_RP_CLIENT_ID is set). The
provider proves who someone is; Swanilai still decides who may enter: only EXISTING active
accounts, matched by the provider's verified e-mail address. Nobody is created here — people
are invited by their institution admin first.
"""

import logging

import jwt
import requests
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts.middleware import second_factor_url
from accounts.services import must_verify

logger = logging.getLogger(__name__)

# What can go wrong between us and the provider; the person gets a message, never a 500.
PROVIDER_ERRORS = (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, ValueError, KeyError)


def _email_verified(claims) -> bool:
    return claims.get("email_verified") is True or str(claims.get("email_verified")).lower() == "true"


class SwanilaiOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; a password login must never reach the provider.
        if request is None or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        email = str(claims.get("email") or "").strip()
        if not email or not _email_verified(claims):
            return self._refuse(
                _(
                    "Penyedia SSO tidak memberikan alamat e-mail yang terverifikasi, sehingga "
                    "Anda tidak dapat masuk dengan SSO. Hubungi admin instansi."
                )
            )
        users = list(self.UserModel._default_manager.filter(email__iexact=email, is_active=True)[:2])
        if not users:
            return self._refuse(
                _("Akun SSO ini belum terdaftar di Swanilai; minta admin instansi mengundang Anda.")
            )
        if len(users) > 1:
            return self._refuse(
                _("Alamat e-mail akun SSO ini dipakai lebih dari satu akun Swanilai; hubungi admin instansi.")
            )
        return users[0]

    def get_user(self, user_id):
        # Like ModelBackend: a deactivated person's SSO session ends at their next request.
        return ModelBackend.get_user(self, user_id)

    def _refuse(self, message):
        logger.info("SSO ditolak: %s", message)
        self.request.swanilai_sso_error = message
        return None


class CallbackView(OIDCAuthenticationCallbackView):
    def get(self, request):
        try:
            return super().get(request)
        except PROVIDER_ERRORS as exc:
            logger.warning("SSO gagal: %s", exc)
            return self.login_failure()

    def login_failure(self):
        message = getattr(self.request, "swanilai_sso_error", None) or _(
            "Masuk dengan SSO gagal. Coba lagi, atau masuk dengan nama pengguna dan kata sandi."
        )
        messages.error(self.request, message)
        return redirect("login")

    def login_success(self):
        response = super().login_success()
        if must_verify(self.request):
            return redirect(second_factor_url(self.request.user, response.url))
        return response


authenticate_view = OIDCAuthenticationRequestView.as_view()
callback_view = CallbackView.as_view()
