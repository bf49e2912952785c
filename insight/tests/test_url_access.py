"""Every insight URL × every persona, in the format of orgs/tests/test_url_access.py (whose
EXPECTED must list these too)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insight import services
from insight.urls import urlpatterns
from instrument.models import Framework, Indicator
from orgs.tests.test_url_access import MEMBERS, PERSONAS, login_verified, only

pytestmark = pytest.mark.django_db

READERS = ["admin", "verifier", "koordinator", "viewer"]
COACHES = ["admin", "verifier"]
DINKES_READERS = [*READERS, "operator_dinkes", "head_dinkes"]
UNIT_PEOPLE = ["operator_dinkes", "operator_disdik", "head_dinkes", "head_disdik"]
POST_ONLY_MEMBERS = only(MEMBERS) | dict.fromkeys(MEMBERS, 405) | {"platform_admin": 405}
POST_ONLY_COACHES = only(COACHES) | dict.fromkeys(COACHES, 405) | {"platform_admin": 405}
POST_ONLY_ADMIN = only(["admin"]) | {"admin": 405, "platform_admin": 405}
NOT_DISDIK = {"operator_disdik": 404, "head_disdik": 404}


def insight_objects(ctx) -> dict:
    """Objects the kwargs need, made once per test: a coaching plan of Dinkes in the campaign with
    one action and a mentoring session with a file, and an official past result."""
    if "insight" not in ctx:
        admin, verifier = ctx["personas"]["admin"], ctx["personas"]["verifier"]
        campaign = ctx["campaign"]
        plan = services.create_plan(verifier, ctx["dinkes"], campaign, "Pembinaan Dinkes")
        indicator = Indicator.objects.get(version=campaign.framework_version, number=47)
        action = services.add_action(
            verifier,
            plan,
            services.ActionInput(indicator, 4, "Susun SOP layanan", date.today() + timedelta(days=30)),
        )
        session = services.add_session(
            verifier,
            plan,
            date.today(),
            "Tim Koordinasi; Dinkes",
            "Catatan",
            [SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 uji")],
        )
        official = services.save_official_result(
            admin,
            ctx["sukamaju"],
            services.OfficialInput(
                Framework.objects.get(slug="spbe-2020"),
                2024,
                Decimal("4.08"),
                "Sangat Baik",
                {1: Decimal("4.70")},
                {},
            ),
        )
        ctx["insight"] = {"plan": plan, "action": action, "file": session.files.get(), "official": official}
    return ctx["insight"]


INST = lambda ctx: {"inst": ctx["sukamaju"].slug}  # noqa: E731
UNIT = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["dinkes"].pk}  # noqa: E731
CAMPAIGN = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["campaign"].pk}  # noqa: E731


def of(name):
    return lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": insight_objects(ctx)[name].pk}


EXPECTED = {
    "insight:dashboard": (INST, only(READERS) | dict.fromkeys(UNIT_PEOPLE, 302)),
    "insight:leadership": (INST, only(READERS)),
    "insight:trends": (INST, only(READERS)),
    "insight:unit_dashboard": (UNIT, only(DINKES_READERS, **NOT_DISDIK)),
    "insight:planner": (INST, only(READERS)),
    "insight:efforts": (INST, only(["admin"])),
    "insight:official_results": (INST, only(["admin"])),
    "insight:official_import": (INST, POST_ONLY_ADMIN),
    "insight:official_delete": (of("official"), POST_ONLY_ADMIN),
    "insight:plan_list": (INST, only(MEMBERS)),
    "insight:plan_create": (INST, only(COACHES)),
    "insight:plan_from_planner": (INST, POST_ONLY_COACHES),
    "insight:plan_detail": (of("plan"), only(DINKES_READERS, **NOT_DISDIK)),
    "insight:action_add": (of("plan"), POST_ONLY_COACHES),
    "insight:session_add": (of("plan"), POST_ONLY_COACHES),
    "insight:action_edit": (of("action"), only([*COACHES, "operator_dinkes", "head_dinkes"], **NOT_DISDIK)),
    "insight:action_progress": (of("action"), POST_ONLY_MEMBERS),
    "insight:session_file": (of("file"), only(DINKES_READERS, **NOT_DISDIK)),
    "insight:check_create": (INST, only(COACHES)),
    "insight:check_results": (CAMPAIGN, only(MEMBERS)),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_insight_url_is_listed():
    assert {f"insight:{p.name}" for p in urlpatterns} == set(EXPECTED)


def test_no_insight_page_is_public():
    for pattern in urlpatterns:
        audience = pattern.callback.swanilai_access
        assert audience.startswith("institution"), f"{pattern.name}: {audience}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_by_persona(name, client, personas, sukamaju, dinkes, campaign):
    builder, table = EXPECTED[name]
    ctx = {"personas": personas, "sukamaju": sukamaju, "dinkes": dinkes, "campaign": campaign}
    url = reverse(name, kwargs=builder(ctx))
    results = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            login_verified(client, personas[persona])
        response = client.get(url)
        results[persona] = response.status_code
        if persona == "anonymous":
            assert response.url.startswith(reverse("login"))
    assert results == table, f"{name} ({url})"


def test_disdik_cannot_open_dinkes_unit_dashboard_nor_change_its_actions(
    client, personas, sukamaju, dinkes, campaign
):
    ctx = {"personas": personas, "sukamaju": sukamaju, "dinkes": dinkes, "campaign": campaign}
    action = insight_objects(ctx)["action"]
    login_verified(client, personas["operator_disdik"])
    assert client.get(reverse("insight:unit_dashboard", args=[sukamaju.slug, dinkes.pk])).status_code == 404
    response = client.post(
        reverse("insight:action_progress", args=[sukamaju.slug, action.pk]),
        {"status": "done", "progress_note": "bukan urusan saya"},
    )
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == "planned"


def test_outsider_admin_sees_nothing(client, personas, sukamaju, dinkes, campaign):
    login_verified(client, personas["outsider_admin"])
    for name, kwargs in (
        ("insight:dashboard", {}),
        ("insight:unit_dashboard", {"pk": dinkes.pk}),
        ("insight:check_results", {"pk": campaign.pk}),
    ):
        assert client.get(reverse(name, kwargs={"inst": sukamaju.slug, **kwargs})).status_code == 404
