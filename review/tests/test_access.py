"""Every review URL × every persona (the same table belongs in orgs/tests/test_url_access.py)."""

import pytest
from django.urls import reverse

from orgs.tests.test_url_access import DINKES_READERS, MEMBERS, PERSONAS, login_verified, only, project_urls

pytestmark = pytest.mark.django_db

REVIEWERS = ["verifier", "koordinator", "admin"]
READERS = [*REVIEWERS, "viewer"]


def post_only(allowed):
    """POST-only views: those allowed get 405 on GET, other members 403, the outsider 404."""
    return only(allowed) | dict.fromkeys(allowed, 405) | {"platform_admin": 405}


CAMPAIGN = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["campaign"].pk}  # noqa: E731
INDICATOR = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["campaign"].pk, "number": 1}  # noqa: E731
ASSESSMENT = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["assessment"].pk}  # noqa: E731
ANSWER = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["assessment"].answers.first().pk}  # noqa: E731
FINDING = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": 1}  # noqa: E731 - POST-only: refused before the lookup

EXPECTED = {
    "review:queue": (CAMPAIGN, only(REVIEWERS)),
    "review:bulk_accept": (CAMPAIGN, post_only(["verifier"])),
    "review:findings": (CAMPAIGN, only(REVIEWERS)),
    "review:run_checks": (CAMPAIGN, post_only(["verifier", "admin"])),
    "review:result": (CAMPAIGN, only(READERS)),
    "review:approve": (CAMPAIGN, post_only(["koordinator"])),
    "review:reopen_result": (CAMPAIGN, post_only(["admin"])),
    # Before approval the Berita Acara redirects to the result page.
    "review:berita_acara": (CAMPAIGN, only(READERS) | dict.fromkeys([*READERS, "platform_admin"], 302)),
    "review:export_csv": (CAMPAIGN, only(REVIEWERS)),
    "review:export_xlsx": (CAMPAIGN, only(REVIEWERS)),
    "review:indicator": (INDICATOR, only(REVIEWERS)),
    "review:settle": (INDICATOR, post_only(["verifier"])),
    "review:note_add": (INDICATOR, post_only(["verifier"])),
    "review:assessment": (ASSESSMENT, only(DINKES_READERS, operator_disdik=404, head_disdik=404)),
    "review:changes": (ASSESSMENT, only(DINKES_READERS, operator_disdik=404, head_disdik=404)),
    "review:return": (ASSESSMENT, post_only(["verifier"])),
    "review:accept_assessment": (ASSESSMENT, post_only(["verifier"])),
    "review:answer": (ANSWER, only(REVIEWERS)),
    "review:verdict": (ANSWER, post_only(["verifier"])),
    "review:item_verdicts": (ANSWER, post_only(["verifier"])),
    "review:finding_dismiss": (FINDING, post_only(["verifier"])),
}


def test_every_review_url_is_in_the_table():
    names = {name for name in project_urls() if name and name.startswith("review:")}
    assert names == set(EXPECTED)
    assert set(MEMBERS) < set(PERSONAS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_review_url_by_persona(name, client, personas, sukamaju, dinkes, campaign, dinkes_assessment):
    builder, table = EXPECTED[name]
    ctx = {"sukamaju": sukamaju, "campaign": campaign, "assessment": dinkes_assessment}
    url = reverse(name, kwargs=builder(ctx))
    results = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            login_verified(client, personas[persona])
        results[persona] = client.get(url).status_code
    assert results == table, f"{name} ({url})"
