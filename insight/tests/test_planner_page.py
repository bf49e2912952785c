"""The planner page: labelled numbers, unreachable targets, effort estimates, step details."""

from fractions import Fraction

import pytest
from django.urls import reverse

from assessment.models import Answer
from audit.models import AuditEntry
from insight.models import EffortEstimate
from insight.tests.conftest import set_levels
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db


def planner(client, institution, **params):
    return client.get(reverse("insight:planner", args=[institution.slug]), {"dasar": "self", **params})


def test_steps_show_criteria_guidance_and_owner(client, personas, sukamaju, campaign, dinkes, no_review):
    set_levels(campaign, dict.fromkeys(range(1, 48), 4), part=Answer.OWNER)
    login_verified(client, personas["verifier"])
    response = planner(client, sukamaju, predikat="Memuaskan")
    result = response.context["result"]
    assert result.current.index == 4 and result.simulated.index >= Fraction(21, 5)
    assert result.simulated.kind == "simulated"
    step = result.steps[0]
    assert step.owner == dinkes and step.criterion.level == step.step.to_level
    page = response.content.decode()
    assert "Indeks simulasi setelah rencana" in page and "Simulasi — bukan hasil penilaian" in page
    assert "Indeks sekarang (penilaian mandiri)" in page
    assert step.criterion.level_name in page


def test_unreachable_target_says_so_and_plans_the_best(client, personas, sukamaju, campaign, no_review):
    set_levels(campaign, dict.fromkeys(range(1, 48), 3), part=Answer.OWNER)
    login_verified(client, personas["koordinator"])
    response = planner(client, sukamaju, nilai="5,00")
    plan = response.context["result"].plan
    assert plan.reachable and plan.new_index == 5  # every indicator at 5 is allowed
    response = planner(client, sukamaju, nilai="5,01")
    assert "Target harus antara" in response.content.decode()


def test_unreachable_on_pemdi_because_of_external_indicators(
    client, personas, sukamaju, dinkes, pemdi, no_review
):
    from datetime import date, timedelta

    from django.utils import timezone

    from assessment import services as assessment_services
    from assessment.models import Campaign
    from insight import planning

    draft = Campaign(
        institution=sukamaju,
        framework_version=pemdi,
        name="Pemdi",
        year=2026,
        opens_on=date.today(),
        unit_deadline=timezone.now() + timedelta(days=9),
        verification_starts_on=date.today(),
        verification_ends_on=date.today(),
        closes_on=date.today() + timedelta(days=20),
    )
    assessment_services.create_campaign(personas["admin"], draft, [dinkes])
    assessment_services.open_campaign(personas["admin"], draft, notify=False)
    external = {r.number for r in pemdi.engine().model.indicators if r.external}
    set_levels(draft, {n: (1 if n in external else 3) for n in range(1, 21)})
    result = planning.build_plan(draft, "self", Fraction(9, 2))
    assert not result.plan.reachable and result.plan.target_label == "Memuaskan"
    assert not external & {v.step.indicator for v in result.steps}
    login_verified(client, personas["verifier"])
    page = planner(client, sukamaju, periode=draft.pk, nilai="4,5").content.decode()
    assert "tidak dapat dicapai" in page and "Memuaskan" in page


def test_effort_estimates_change_the_plan(client, personas, sukamaju, campaign, no_review):
    set_levels(campaign, dict.fromkeys(range(1, 48), 4), part=Answer.OWNER)
    login_verified(client, personas["admin"])
    efforts = {f"e{n}": 1 for n in range(1, 48)} | {f"e{n}": 50 for n in range(42, 48)}
    response = client.post(reverse("insight:efforts", args=[sukamaju.slug]), efforts)
    assert response.status_code == 302
    assert EffortEstimate.objects.filter(effort=50).count() == 6
    assert AuditEntry.objects.filter(action="insight.efforts.set").exists()
    by_steps = planner(client, sukamaju, predikat="Memuaskan").context["result"].plan
    by_effort = planner(client, sukamaju, predikat="Memuaskan", usaha="on").context["result"].plan
    assert by_effort.objective == "effort" and by_effort.total_effort < sum(
        50 if s.indicator >= 42 else 1 for s in by_steps.steps
    )
    assert not {s.indicator for s in by_effort.steps} & set(range(42, 48))
    assert by_effort.step_count >= by_steps.step_count


def test_no_levels_yet_is_said_plainly(client, personas, sukamaju, campaign, no_review):
    login_verified(client, personas["verifier"])
    response = planner(client, sukamaju, predikat="Baik")
    assert "Belum ada level penilaian mandiri" in response.content.decode()
    response = client.get(
        reverse("insight:planner", args=[sukamaju.slug]), {"dasar": "verified", "predikat": "Baik"}
    )
    assert "belum tersedia" in response.content.decode()
