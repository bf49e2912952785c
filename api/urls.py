"""Mounts the API. Ninja decides access per operation (see api/api.py), so its views are marked
as declared for AccessDeclaredMiddleware and exempt from the login redirect (an API answers 401,
not a login page)."""

from django.urls import URLPattern, URLResolver

from api.api import api


def _declare(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _declare(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback.login_required = False
            pattern.callback.swanilai_access = "api"
    return patterns


urls = api.urls
_declare(urls[0])
urlpatterns = [*urls[0]]
app_name = "api"  # ninja reverses its own views in this namespace
