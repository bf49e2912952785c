"""Single sign-on switched on or off, and its two URLs. Light on purpose: the OpenID Connect
machinery (accounts/oidc.py: mozilla-django-oidc, requests, PyJWT, cryptography) is imported only
when SSO is configured and someone uses it, so web workers of institutions without SSO stay small."""

from django.conf import settings
from django.http import Http404

from orgs.access import public


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def provider_name() -> str:
    return getattr(settings, "OIDC_PROVIDER_NAME", "") or "SSO"


@public
def authenticate_view(request):
    if not enabled():
        raise Http404
    from accounts import oidc

    return oidc.authenticate_view(request)


@public
def callback_view(request):
    if not enabled():
        raise Http404
    from accounts import oidc

    return oidc.callback_view(request)
