"""Framework browser and simulator pages."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_need_login(client):
    for url in [
        reverse("home"),
        reverse("instrument:framework_list"),
        reverse("instrument:framework_detail", args=["spbe-2020"]),
        reverse("instrument:simulator", args=["spbe-2020"]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_page_and_wrong_password(client, demo_user):
    response = client.post(reverse("login"), {"username": "pengguna", "password": "salah"})
    assert response.status_code == 200
    assert "kata sandi" in response.content.decode().lower()
    response = client.post(reverse("login"), {"username": "pengguna", "password": "Rahasia-Sekali-2026"})
    assert response.status_code == 302


def test_framework_browser_shows_criteria_weights_provenance(logged_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = logged_in.get(reverse("instrument:framework_detail", args=["spbe-2020"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="indicator"') == 47
    assert "Kebijakan Internal Arsitektur SPBE" in html and "Rintisan" in html and "Optimum" in html
    assert "bobot 2,75%" in html
    assert "Terkonfirmasi" in html
    assert "≥ 4,20" in html and "Memuaskan" in html


def test_pemdi_browser_marks_unknown_criteria_and_external(logged_in, pemdi):
    html = logged_in.get(reverse("instrument:framework_detail", args=["pemdi-2026"])).content.decode()
    assert "Sedang" in html  # confidence medium
    assert "Belum diketahui" in html and "1 kriteria level belum diketahui" in html
    assert html.count("nilai dari instansi lain") == 4
    assert "I1-L2-03" in html


def test_old_version_and_missing_framework(logged_in, spbe):
    assert (
        logged_in.get(reverse("instrument:framework_version", args=["spbe-2020", spbe.number])).status_code
        == 200
    )
    assert logged_in.get(reverse("instrument:framework_detail", args=["tidak-ada"])).status_code == 404
    assert logged_in.get(reverse("instrument:framework_version", args=["spbe-2020", 99])).status_code == 404


def test_simulator_full_page_and_htmx_update(logged_in, django_assert_max_num_queries):
    url = reverse("instrument:simulator", args=["spbe-2020"])
    response = logged_in.get(url)
    assert response.status_code == 200
    assert re.search(r'id="sim-index">1,00<', response.content.decode())
    data = {f"i{n}": 3 for n in range(1, 48)}
    data["i42"] = 5
    with django_assert_max_num_queries(6):
        response = logged_in.post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html  # a fragment for htmx
    assert 'id="sim-index">3,06<' in html  # (300 + 2 × 3) / 100
    assert 'id="sim-predicate">Baik<' in html
    assert "<svg" in html


def test_simulator_bad_value_gets_message_not_error(logged_in):
    url = reverse("instrument:simulator", args=["pemdi-2026"])
    response = logged_in.post(url, {"i1": "tujuh", "i2": "9", "i3": "2,5"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Nilai harus antara 1 dan 5") == 2
    assert "Beberapa nilai tidak sah" in html


def test_home_lists_frameworks(logged_in):
    html = logged_in.get(reverse("home")).content.decode()
    assert "SPBE 2020" in html and "Pemdi 2026" in html


def test_english_is_available(logged_in):
    response = logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = logged_in.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in html
