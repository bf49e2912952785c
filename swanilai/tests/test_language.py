"""Indonesian unless the person chooses English; the browser's own language does not decide."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_indonesian(logged_in):
    response = logged_in.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert 'lang="id"' in html and response.headers["Content-Language"] == "id"
    assert "Keluar" in html


def test_choosing_english_translates_the_pages(logged_in):
    response = logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = logged_in.get(reverse("home"))
    html = response.content.decode()
    assert 'lang="en"' in html and response.headers["Content-Language"] == "en"
    assert "Sign out" in html and "Keluar" not in html
    logged_in.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Keluar" in logged_in.get(reverse("home")).content.decode()


def test_an_unknown_language_choice_falls_back_to_indonesian(logged_in):
    logged_in.cookies["django_language"] = "xx"
    assert 'lang="id"' in logged_in.get(reverse("home")).content.decode()
