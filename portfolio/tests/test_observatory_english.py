"""The security-header grade on the application page speaks the reader's language: titles,
explanations and the reason for a missing grade are translated when shown, while what is stored
stays Indonesian."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from orgs.tests.test_url_access import login_verified
from portfolio import observatory as obs
from portfolio import services
from portfolio.observatory_text import EXPLANATIONS, TEST_TITLES
from portfolio.probe import ProbeReport
from portfolio.tests.test_observatory import site

pytestmark = pytest.mark.django_db

XFO_INDONESIAN = EXPLANATIONS["x-frame-options-not-implemented"]
XFO_ENGLISH = "X-Frame-Options is not implemented; other sites can frame the page (clickjacking)."
STATUS_INDONESIAN = (
    "Halaman utama menjawab status 500; Observatory hanya menilai jawaban 2xx, 3xx, 401 atau 403."
)
STATUS_ENGLISH = (
    "The home page answered with status 500; the Observatory only grades 2xx, 3xx, 401 or 403 responses."
)


@pytest.fixture(autouse=True)
def _indonesian_afterwards():
    """The language middleware activates the reader's language for the rest of the thread; the
    tests after these ones expect Indonesian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def probed(application, scan):
    report = ProbeReport(url=application.url, reachable=True, status=200, grade=obs.grade(scan))
    return services.record_probe(application, report)


def page(client, application, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(
        reverse("portfolio:application_detail", args=[application.institution.slug, application.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_english_reader_sees_english_titles_and_explanations(client, personas, dinkes_app):
    probed(dinkes_app, site())
    login_verified(client, personas["operator_dinkes"])
    html = page(client, dinkes_app, "en")
    assert XFO_ENGLISH in html and XFO_INDONESIAN not in html
    assert "Redirection from HTTP to HTTPS" in html and TEST_TITLES["redirection"] not in html
    assert "x-frame-options-not-implemented" in html  # the outcome identifier is not translated


def test_indonesian_reader_sees_indonesian_explanations(client, personas, dinkes_app):
    probed(dinkes_app, site())
    login_verified(client, personas["operator_dinkes"])
    html = page(client, dinkes_app, "id")
    assert XFO_INDONESIAN in html and XFO_ENGLISH not in html
    assert TEST_TITLES["redirection"] in html


def test_missing_grade_is_explained_in_the_readers_language_and_stored_in_indonesian(
    client, personas, dinkes_app
):
    result = probed(dinkes_app, site(status=500))
    login_verified(client, personas["operator_dinkes"])
    assert result.grade_error == STATUS_INDONESIAN
    assert STATUS_ENGLISH in page(client, dinkes_app, "en")
    html = page(client, dinkes_app, "id")
    assert STATUS_INDONESIAN in html and STATUS_ENGLISH not in html
    result.refresh_from_db()
    assert result.grade_error == STATUS_INDONESIAN


def test_an_unknown_stored_error_is_shown_as_it_is(client, personas, dinkes_app):
    result = probed(dinkes_app, site(status=500))
    login_verified(client, personas["operator_dinkes"])
    result.grade_error = "Catatan lama dari versi sebelumnya."
    result.save(update_fields=["grade_error"])
    assert "Catatan lama dari versi sebelumnya." in page(client, dinkes_app, "en")
