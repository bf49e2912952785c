"""Coaching: from the planner to actions for two units, progress by the unit, sessions with
files, reminders of overdue actions, and a periodic check that re-checks just those indicators."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessment.models import Answer, Campaign, Notice, Participation, Responsibility
from audit.models import AuditEntry
from insight import reminders, services
from insight.models import Action, CoachingPlan
from insight.tests.conftest import set_levels
from instrument.models import Indicator
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def levels_at_four(campaign, dinkes, disdik):
    """Every indicator at level 4; Disdik owns indicator 42 (Layanan Pengaduan)."""
    set_levels(campaign, dict.fromkeys(range(1, 48), 4), part=Answer.OWNER)
    Responsibility.objects.filter(campaign=campaign, indicator__number=42).update(owner=disdik)
    answers = Answer.objects.filter(assessment__campaign=campaign, indicator__number=42)
    answers.filter(assessment__unit=dinkes).update(part=Answer.CONTRIBUTOR)
    answers.filter(assessment__unit=disdik).update(part=Answer.OWNER, level=4)
    return campaign


def route(name, institution, *args):
    return reverse(f"insight:{name}", args=[institution.slug, *args])


def plan_to_memuaskan(client, sukamaju, campaign):
    response = client.get(
        route("planner", sukamaju), {"periode": campaign.pk, "dasar": "self", "predikat": "Memuaskan"}
    )
    assert response.status_code == 200
    return response


def test_planner_to_actions_progress_and_periodic_check(
    client, personas, sukamaju, dinkes, disdik, levels_at_four, fake_review
):
    campaign = levels_at_four
    login_verified(client, personas["verifier"])
    result = plan_to_memuaskan(client, sukamaju, campaign).context["result"]
    # 4,00 -> 4,20 needs 20 weight points: the six 3,00 indicators and one 2,75: 7 steps
    assert result.plan.step_count == 7 and result.simulated.predicate == "Memuaskan"
    assert {v.owner for v in result.steps} == {dinkes, disdik}
    steps = [f"{v.step.indicator}:{v.step.to_level}:{v.owner.pk}" for v in result.steps]
    response = client.post(
        route("plan_from_planner", sukamaju),
        {
            "periode": campaign.pk,
            "steps": steps,
            "due_on": (date.today() + timedelta(days=30)).isoformat(),
            "target": "Memuaskan",
        },
    )
    assert response.status_code == 302
    assert set(CoachingPlan.objects.values_list("unit__short_name", flat=True)) == {"Dinkes", "Disdik"}
    assert Action.objects.count() == 7
    disdik_action = Action.objects.get(plan__unit=disdik)
    assert (disdik_action.indicator.number, disdik_action.target_level) == (42, 5)

    # the unit marks its own action done; another unit cannot
    login_verified(client, personas["operator_dinkes"])
    progress = route("action_progress", sukamaju, disdik_action.pk)
    assert client.post(progress, {"status": "done", "progress_note": "x"}).status_code == 404
    login_verified(client, personas["operator_disdik"])
    assert (
        client.post(progress, {"status": "done", "progress_note": "SOP pengaduan ditetapkan"}).status_code
        == 302
    )
    disdik_action.refresh_from_db()
    assert disdik_action.status == Action.DONE and disdik_action.completed_on == timezone.localdate()
    assert AuditEntry.objects.filter(
        action="insight.action.progress", object_id=str(disdik_action.pk)
    ).exists()

    # a periodic check of the disdik action and two dinkes actions
    chosen = [disdik_action, *Action.objects.filter(plan__unit=dinkes).order_by("indicator__number")[:2]]
    login_verified(client, personas["verifier"])
    deadline = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        route("check_create", sukamaju),
        {"actions": [a.pk for a in chosen], "name": "Cek berkala Juli", "unit_deadline": deadline},
    )
    assert response.status_code == 302, response.context["form"].errors
    check = Campaign.objects.get(name="Cek berkala Juli")
    assert (check.kind, check.status) == (Campaign.PERIODIC, Campaign.OPEN)
    numbers = {a.indicator.number for a in chosen}
    assert set(check.responsibilities.values_list("indicator__number", flat=True)) == numbers
    assert set(Participation.objects.filter(campaign=check).values_list("unit__short_name", flat=True)) == {
        "Dinkes",
        "Disdik",
    }
    answers = set(
        Answer.objects.filter(assessment__campaign=check).values_list(
            "assessment__unit__short_name", "indicator__number", "part"
        )
    )
    assert answers == {("Disdik", 42, Answer.OWNER)} | {("Dinkes", n, Answer.OWNER) for n in numbers - {42}}
    assert set(Action.objects.filter(check_campaign=check)) == set(chosen)

    # the unit re-answers, the verifiers verify: the action delivered a higher verified level
    set_levels(check, {42: 5}, unit=disdik)
    fake_review(verified={campaign.pk: ({}, {disdik.pk: {42: 4}}), check.pk: ({}, {disdik.pk: {42: 5}})})
    response = client.get(route("check_results", sukamaju, check.pk))
    outcomes = {o.action.pk: o for o in response.context["outcomes"]}
    assert outcomes[disdik_action.pk].delivered is True
    assert outcomes[disdik_action.pk].before == {"self": 4, "verified": 4}
    assert outcomes[disdik_action.pk].after == {"self": 5, "verified": 5}
    assert response.context["delivered"] == 1 and "naik (terverifikasi)" in response.content.decode()


def test_periodic_check_refuses_actions_already_in_a_running_check(personas, sukamaju, dinkes, campaign):
    verifier = personas["verifier"]
    plan = services.create_plan(verifier, dinkes, campaign, "Pembinaan")
    indicator = Indicator.objects.get(version=campaign.framework_version, number=47)
    action = services.add_action(verifier, plan, services.ActionInput(indicator, 5, "SOP", date.today()))
    deadline = timezone.now() + timedelta(days=7)
    services.create_periodic_check(verifier, sukamaju, [action], "Cek 1", deadline)
    with pytest.raises(services.InsightError, match="masih berjalan"):
        services.create_periodic_check(verifier, sukamaju, [action], "Cek 2", deadline)
    assert not Action.objects.to_check().exists()
    with pytest.raises(services.InsightError):
        services.create_periodic_check(verifier, sukamaju, [], "Cek 3", deadline)


def test_overdue_actions_remind_their_owners_once(personas, sukamaju, dinkes, campaign):
    verifier = personas["verifier"]
    plan = services.create_plan(verifier, dinkes, campaign, "Pembinaan")
    indicator = Indicator.objects.get(version=campaign.framework_version, number=47)
    yesterday = timezone.localdate() - timedelta(days=1)
    services.add_action(verifier, plan, services.ActionInput(indicator, 5, "Tanpa pemilik", yesterday))
    services.add_action(
        verifier,
        plan,
        services.ActionInput(indicator, 4, "Milik operator", yesterday, owner=personas["operator_dinkes"]),
    )
    services.add_action(
        verifier,
        plan,
        services.ActionInput(indicator, 3, "Belum tenggat", timezone.localdate() + timedelta(days=3)),
    )
    assert reminders.overdue_action_reminders() == 3  # operator + head for the first, operator for the second
    assert reminders.overdue_action_reminders() == 0
    notices = Notice.objects.filter(kind="coaching.overdue")
    assert sorted(n.user.username for n in notices) == ["kepala.dinkes", "op.dinkes", "op.dinkes"]
    assert all(n.link == route("plan_detail", sukamaju, plan.pk) for n in notices)
    # a week later they are reminded again, and the third action has fallen due too (2 people)
    assert reminders.overdue_action_reminders(timezone.localdate() + timedelta(days=7)) == 3 + 2


def test_the_task_sends_the_reminders(personas, sukamaju, dinkes, campaign):
    from insight.tasks import send_overdue_action_reminders

    plan = services.create_plan(personas["verifier"], dinkes, campaign, "Pembinaan")
    indicator = Indicator.objects.get(version=campaign.framework_version, number=47)
    services.add_action(
        personas["verifier"],
        plan,
        services.ActionInput(indicator, 5, "x", timezone.localdate() - timedelta(days=2)),
    )
    assert send_overdue_action_reminders.enqueue().return_value == 2


def test_sessions_with_files_and_action_edits(client, personas, sukamaju, dinkes, campaign):
    verifier = personas["verifier"]
    plan = services.create_plan(verifier, dinkes, campaign, "Pembinaan")
    login_verified(client, verifier)
    response = client.post(
        route("session_add", sukamaju, plan.pk),
        {
            "held_on": "2026-07-01",
            "attendees": "Tim Koordinasi; Dinkes",
            "notes": "Bahas SOP",
            "files": [
                SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 notulen"),
                SimpleUploadedFile("hadir.txt", b"a"),
            ],
        },
    )
    assert response.status_code == 302
    session = plan.sessions.get()
    assert sorted(f.original_name for f in session.files.all()) == ["hadir.txt", "notulen.pdf"]
    response = client.post(
        route("action_add", sukamaju, plan.pk),
        {
            "indicator": Indicator.objects.get(version=campaign.framework_version, number=46).pk,
            "target_level": 3,
            "title": "Susun SOP",
            "due_on": "2026-09-01",
            "owner": personas["operator_dinkes"].pk,
        },
    )
    action = plan.actions.get()
    assert action.owner == personas["operator_dinkes"]
    edit = route("action_edit", sukamaju, action.pk)
    client.post(
        edit,
        {
            "indicator": action.indicator_id,
            "target_level": 4,
            "title": "Susun SOP v2",
            "due_on": "2026-10-01",
        },
    )
    action.refresh_from_db()
    assert (action.title, action.target_level, action.owner) == ("Susun SOP v2", 4, None)
    assert AuditEntry.objects.filter(action="insight.action.edit").count() == 1

    login_verified(client, personas["operator_dinkes"])
    file = session.files.get(original_name="notulen.pdf")
    download = client.get(route("session_file", sukamaju, file.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 notulen"
    assert "attachment" in download["Content-Disposition"]
    assert client.get(edit).status_code == 200  # the unit sees its progress form
    assert client.post(edit, {"title": "diubah unit"}).status_code == 403
    login_verified(client, personas["operator_disdik"])
    assert client.get(route("session_file", sukamaju, file.pk)).status_code == 404


def test_action_rules(personas, dinkes, campaign):
    plan = services.create_plan(personas["verifier"], dinkes, campaign, "Pembinaan")
    indicator = Indicator.objects.get(version=campaign.framework_version, number=1)
    with pytest.raises(services.InsightError, match="Level sasaran"):
        services.add_action(personas["verifier"], plan, services.ActionInput(indicator, 6, "x", date.today()))
    with pytest.raises(services.InsightError, match="Penanggung jawab"):
        services.add_action(
            personas["verifier"],
            plan,
            services.ActionInput(indicator, 3, "x", date.today(), owner=personas["operator_disdik"]),
        )
    with pytest.raises(services.InsightError, match="sudah punya"):
        services.create_plan(personas["verifier"], dinkes, campaign, "Lagi")


def test_external_indicators_get_no_actions(personas, sukamaju, dinkes, pemdi):
    from assessment import services as assessment_services

    draft = Campaign(
        institution=sukamaju,
        framework_version=pemdi,
        name="Pemdi 2026",
        year=2026,
        opens_on=date.today(),
        unit_deadline=timezone.now() + timedelta(days=9),
        verification_starts_on=date.today() + timedelta(days=10),
        verification_ends_on=date.today() + timedelta(days=12),
        closes_on=date.today() + timedelta(days=20),
    )
    assessment_services.create_campaign(personas["admin"], draft, [dinkes])
    plan = services.create_plan(personas["verifier"], dinkes, draft, "Pembinaan")
    external = Indicator.objects.filter(version=pemdi, value_source=Indicator.EXTERNAL).first()
    with pytest.raises(services.InsightError, match="instansi lain"):
        services.add_action(personas["verifier"], plan, services.ActionInput(external, 3, "x", date.today()))


def test_plan_list_shows_units_only_their_plans(client, personas, sukamaju, dinkes, disdik, campaign):
    services.create_plan(personas["verifier"], dinkes, campaign, "Rencana Dinkes")
    services.create_plan(personas["verifier"], disdik, campaign, "Rencana Disdik")
    login_verified(client, personas["head_disdik"])
    page = client.get(route("plan_list", sukamaju)).content.decode()
    assert "Rencana Disdik" in page and "Rencana Dinkes" not in page
    login_verified(client, personas["viewer"])
    page = client.get(route("plan_list", sukamaju)).content.decode()
    assert "Rencana Disdik" in page and "Rencana Dinkes" in page
