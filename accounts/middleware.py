"""Send people who must give a second factor to the code page before anything else."""

from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.services import confirmed_device, must_verify

# Pages a signed-in but not yet verified person may still open.
EXEMPT_VIEWS = {"twofactor_setup", "twofactor_verify", "logout", "set_language"}


def second_factor_url(user, next_url: str | None = None) -> str:
    """The code page if the user has an authenticator app, else the page to set one up."""
    url = reverse("twofactor_verify" if confirmed_device(user) else "twofactor_setup")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware:
    """After `AccessDeclaredMiddleware`: a signed-in person who must use a second factor
    (see `accounts.services.must_verify`) and has not given a code in this session is
    redirected to the code page, or to the setup page when they have no authenticator yet."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = urlparse(settings.STATIC_URL or "/static/").path

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if (match and match.view_name in EXEMPT_VIEWS) or request.path_info.startswith(self.static_prefix):
            return None
        if not must_verify(request):
            return None
        url = second_factor_url(user, request.get_full_path() if request.method == "GET" else None)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
