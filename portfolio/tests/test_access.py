"""Every portfolio URL × every persona (the same guard as orgs/tests/test_url_access.py), and the
write rules: units edit their own applications, the admin everything, outsiders see nothing."""

import pytest
from django.urls import reverse

from orgs.tests.test_url_access import MEMBERS, PERSONAS, login_verified, only
from portfolio.models import Application, Service

pytestmark = [pytest.mark.django_db, pytest.mark.urls("portfolio.tests.urls_with_public")]

INST = lambda ctx: {"inst": ctx["sukamaju"].slug}  # noqa: E731
APP = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["app"].pk}  # noqa: E731
SERVICE = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["service"].pk}  # noqa: E731
GROUP = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["group"].pk}  # noqa: E731
SERVICE_SLUG = lambda ctx: {"inst": ctx["sukamaju"].slug, "slug": ctx["service"].slug}  # noqa: E731
UNIT_PEOPLE = ["operator_dinkes", "operator_disdik", "head_dinkes", "head_disdik"]
DINKES_WRITERS = ["admin", "operator_dinkes", "head_dinkes"]
POST_ONLY_MEMBERS = only(MEMBERS) | dict.fromkeys(MEMBERS, 405) | {"platform_admin": 405}
POST_ONLY_ADMIN = only(["admin"]) | {"admin": 405, "platform_admin": 405}
PUBLIC = dict.fromkeys(PERSONAS, 200)

EXPECTED = {
    "portfolio:dashboard": (INST, only(MEMBERS)),
    "portfolio:application_list": (INST, only(MEMBERS)),
    "portfolio:application_create": (INST, only(["admin", *UNIT_PEOPLE])),
    "portfolio:application_import": (INST, only(["admin"])),
    "portfolio:application_export": (INST, only(MEMBERS)),
    "portfolio:application_detail": (APP, only(MEMBERS)),
    "portfolio:application_edit": (APP, only(DINKES_WRITERS)),
    "portfolio:application_probe": (APP, POST_ONLY_MEMBERS),
    "portfolio:disposition_edit": (APP, only(["admin"])),
    "portfolio:overlap_list": (INST, only(MEMBERS)),
    "portfolio:overlap_decide": (GROUP, POST_ONLY_ADMIN),
    "portfolio:plan_board": (INST, only(MEMBERS)),
    "portfolio:service_list": (INST, only(MEMBERS)),
    "portfolio:service_create": (INST, only(["admin", *UNIT_PEOPLE])),
    "portfolio:service_edit": (SERVICE, only(DINKES_WRITERS)),
    "portfolio:service_publish": (SERVICE, POST_ONLY_ADMIN),
    "portfolio:settings": (INST, only(["admin"])),
    "public_catalogue": (INST, PUBLIC),
    "api:list_services": (INST, PUBLIC),
    "api:get_service": (SERVICE_SLUG, PUBLIC),
    "api:list_categories": (INST, PUBLIC),
    "api:list_units": (INST, PUBLIC),
}


def test_every_portfolio_url_is_in_the_table():
    from orgs.tests.test_url_access import project_urls

    names = {name for name in project_urls() if name and name.startswith("portfolio:")}
    assert names == {n for n in EXPECTED if n.startswith("portfolio:")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_portfolio_url_by_persona(
    name, client, personas, sukamaju, dinkes, dinkes_app, dinkes_service, overlap_group
):
    builder, table = EXPECTED[name]
    ctx = {"sukamaju": sukamaju, "app": dinkes_app, "service": dinkes_service, "group": overlap_group}
    url = reverse(name, kwargs=builder(ctx))
    results = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            login_verified(client, personas[persona])
        response = client.get(url)
        results[persona] = response.status_code
        if persona == "anonymous" and response.status_code == 302:
            assert response.url.startswith(reverse("login"))
    assert results == table, f"{name} ({url})"


def edit_data(app, **changes):
    data = {
        "name": app.name,
        "purpose": app.purpose,
        "owner_unit": app.owner_unit_id or "",
        "url": app.url,
        "other_urls": "",
        "raa_code": app.raa_code,
        "ral_code": app.ral_code,
        "services": "",
        "lifecycle": app.lifecycle,
        "hosting": "",
        "integration": "none",
        "developer": "",
        "year_built": "",
        "last_updated": "",
        "contact": "",
        "probe_enabled": "on",
        "probe_minutes": 60,
    }
    return data | changes


def test_unit_edits_its_own_application_only(client, personas, sukamaju, dinkes_app):
    url = reverse("portfolio:application_edit", args=[sukamaju.slug, dinkes_app.pk])
    login_verified(client, personas["operator_disdik"])
    assert client.post(url, edit_data(dinkes_app, purpose="diubah")).status_code == 403
    client.logout()
    login_verified(client, personas["operator_dinkes"])
    response = client.post(url, edit_data(dinkes_app, purpose="Rekam medis dan antrian"))
    assert response.status_code == 302
    dinkes_app.refresh_from_db()
    assert dinkes_app.purpose == "Rekam medis dan antrian"


def test_unit_cannot_give_its_application_to_another_unit(client, personas, sukamaju, dinkes_app, disdik):
    url = reverse("portfolio:application_edit", args=[sukamaju.slug, dinkes_app.pk])
    login_verified(client, personas["operator_dinkes"])
    response = client.post(url, edit_data(dinkes_app, owner_unit=disdik.pk))
    assert response.status_code == 200 and "owner_unit" in response.context["form"].errors


def test_unit_creates_applications_for_its_unit(client, personas, sukamaju, dinkes, disdik):
    url = reverse("portfolio:application_create", args=[sukamaju.slug])
    login_verified(client, personas["head_disdik"])
    blank = Application(name="Rapor Digital", owner_unit=disdik, lifecycle="production", url="")
    assert client.post(url, edit_data(blank)).status_code == 302
    assert Application.objects.get(name="Rapor Digital").owner_unit == disdik
    refused = client.post(
        url, edit_data(Application(name="Bukan Milikku", owner_unit=dinkes, lifecycle="production"))
    )
    assert refused.status_code == 200 and not Application.objects.filter(name="Bukan Milikku").exists()


def test_outsider_and_other_institution_objects_are_404(client, personas, sukamaju, sukamundur, other_unit):
    foreign = Application.objects.create(
        institution=sukamundur, name="Aplikasi Tetangga", owner_unit=other_unit
    )
    login_verified(client, personas["admin"])
    assert (
        client.get(reverse("portfolio:application_detail", args=[sukamaju.slug, foreign.pk])).status_code
        == 404
    )
    client.logout()
    login_verified(client, personas["outsider_admin"])
    assert client.get(reverse("portfolio:application_list", args=[sukamaju.slug])).status_code == 404


def test_only_admin_publishes(client, personas, sukamaju, dinkes_service):
    url = reverse("portfolio:service_publish", args=[sukamaju.slug, dinkes_service.pk])
    login_verified(client, personas["operator_dinkes"])
    assert client.post(url, {"published": "0"}).status_code == 403
    client.logout()
    login_verified(client, personas["admin"])
    assert client.post(url, {"published": "0"}).status_code == 302
    assert not Service.objects.get(pk=dinkes_service.pk).published


def test_public_catalogue_shows_only_published_and_no_internal_notes(
    client, sukamaju, dinkes, dinkes_service
):
    Service.objects.create(
        institution=sukamaju,
        slug="rahasia",
        name="Layanan Draf",
        category="kesehatan",
        owner_unit=dinkes,
        link="https://draf.uji.example/",
        published=False,
    )
    html = client.get(reverse("public_catalogue", args=[sukamaju.slug])).content.decode()
    assert "Antrian puskesmas" in html and "Layanan Draf" not in html
    assert "kontrak vendor" not in html and "simpus.uji.example" not in html
    assert client.get(reverse("public_catalogue", args=["tidak-ada"])).status_code == 404


def test_pages_load_in_few_queries(client, personas, sukamaju, dinkes, django_assert_max_num_queries):
    for n in range(30):
        Application.objects.create(institution=sukamaju, name=f"Aplikasi {n}", owner_unit=dinkes)
    login_verified(client, personas["viewer"])
    for name in ("portfolio:application_list", "portfolio:dashboard", "portfolio:plan_board"):
        with django_assert_max_num_queries(30):
            assert client.get(reverse(name, args=[sukamaju.slug])).status_code == 200
