"""The interface language: Indonesian unless the person chose English with the language switch.

Django's LocaleMiddleware would also follow the browser's Accept-Language, so a civil servant whose
laptop happens to be set to English would get an English Swanilai without asking for it. Here only
the explicit choice (the cookie written by the `set_language` view) counts.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext


def chosen_language(request) -> str:
    choice = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    available = {code for code, _name in settings.LANGUAGES}
    return choice if choice in available else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The thread serves the next request (or, in tests, the next test's direct calls) in
            # the default language unless that request chose otherwise.
            translation.deactivate()
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


def stored_text(message: str, **params) -> str:
    """A text that is saved and later read by others (a plan's title, an action's name) in the
    institution's language, whatever language the person who caused it reads. Mark `message` with
    gettext_noop so it is still extracted."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message) % params if params else gettext(message)
