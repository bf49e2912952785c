"""Every insight URL × every persona, in the format of orgs/tests/test_url_access.py (whose
EXPECTED must list these too)."""

import pytest
from django.urls import reverse

from insight.tests.factories import insight_objects
from insight.urls import urlpatterns
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
