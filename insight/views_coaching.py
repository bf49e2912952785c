"""Coaching plans (rencana pembinaan): plans, actions, mentoring sessions, periodic checks."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessment.models import Campaign
from insight import followup, services
from insight.access import (
    COACHES,
    READERS,
    can_update_progress,
    get_action_for_user,
    get_plan_for_user,
    get_session_file_for_user,
    is_coach,
)
from insight.forms import ActionForm, FromPlanForm, PeriodicCheckForm, PlanForm, ProgressForm, SessionForm
from insight.models import Action, CoachingPlan, MentoringSession
from instrument.models import Indicator
from orgs.access import access_for, get_campaign_for_user, institution_view, visible_units

log = logging.getLogger(__name__)


def _visible_plans(user, institution):
    plans = CoachingPlan.objects.filter(institution=institution)
    access = access_for(user)
    if not access.has_role(institution, *READERS):
        plans = plans.filter(unit_id__in=access.units_in(institution))
    return plans


@institution_view()
def plan_list(request):
    institution = request.institution
    today = timezone.localdate()
    plans = (
        _visible_plans(request.user, institution)
        .select_related("unit", "campaign")
        .annotate(
            open_count=Count("actions", filter=Q(actions__status__in=Action.OPEN), distinct=True),
            late_count=Count(
                "actions", filter=Q(actions__status__in=Action.OPEN, actions__due_on__lt=today), distinct=True
            ),
            done_count=Count("actions", filter=Q(actions__status=Action.DONE), distinct=True),
        )
    )
    context = {"institution": institution, "plans": plans, "can_coach": is_coach(request.user, institution)}
    return render(request, "insight/plan_list.html", context)


@institution_view(*COACHES)
@require_http_methods(["GET", "POST"])
def plan_create(request):
    institution = request.institution
    form = PlanForm(
        request.POST or None,
        units=visible_units(request.user, institution).filter(is_active=True),
        campaigns=Campaign.objects.filter(institution=institution),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(
                request.user, data["unit"], data["campaign"], data["title"], data["target"], request=request
            )
        except services.InsightError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("insight:plan_detail", institution.slug, plan.pk)
    return render(request, "insight/plan_form.html", {"institution": institution, "form": form})


@institution_view(*COACHES)
@require_POST
def plan_from_planner(request):
    """Turn the planner's chosen steps into actions in the owner units' plans."""
    institution = request.institution
    campaign = get_campaign_for_user(request.user, institution, _int(request.POST.get("periode")) or 0)
    chosen = request.POST.getlist("steps")
    form = FromPlanForm(request.POST, choices=[(c, c) for c in chosen])
    if not form.is_valid():
        messages.error(request, _("Pilih langkah dan tenggat yang sah."))
        return redirect("insight:planner", institution.slug)
    try:
        steps = _parse_steps(institution, campaign, form.cleaned_data["steps"])
        actions = services.actions_from_plan(
            request.user,
            campaign,
            steps,
            form.cleaned_data["due_on"],
            form.cleaned_data["target"],
            request=request,
        )
    except services.InsightError as exc:
        messages.error(request, str(exc))
        return redirect("insight:planner", institution.slug)
    units = {a.plan.unit_id for a in actions}
    messages.success(request, _("%(n)s aksi dibuat untuk %(u)s unit.") % {"n": len(actions), "u": len(units)})
    return redirect("insight:plan_list", institution.slug)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _parse_steps(institution, campaign, values) -> list[services.PlannedStep]:
    units = {u.pk: u for u in institution.units.all()}
    indicators = {i.number: i for i in Indicator.objects.filter(version=campaign.framework_version)}
    steps = []
    for value in values:
        number, level, unit = (_int(v) for v in (value.split(":") + ["", "", ""])[:3])
        if number not in indicators or unit not in units or level is None:
            raise services.InsightError(_("Langkah tidak dikenal: %(v)s") % {"v": value})
        steps.append(services.PlannedStep(units[unit], indicators[number], level))
    return steps


@institution_view()
def plan_detail(request, pk):
    institution = request.institution
    plan = get_plan_for_user(request.user, institution, pk)
    actions = list(plan.actions.select_related("indicator", "owner", "check_campaign"))
    for action in actions:
        action.plan = plan
    sessions = list(MentoringSession.objects.filter(plan=plan).prefetch_related("files"))
    coach = is_coach(request.user, institution)
    context = {
        "institution": institution,
        "plan": plan,
        "actions": actions,
        "sessions": sessions,
        "can_coach": coach,
        "can_progress": bool(actions) and can_update_progress(request.user, actions[0]),
        "action_form": ActionForm(plan=plan) if coach else None,
        "session_form": SessionForm() if coach else None,
        "statuses": Action.STATUSES,
    }
    return render(request, "insight/plan_detail.html", context)


@institution_view(*COACHES)
@require_POST
def action_add(request, pk):
    institution = request.institution
    plan = get_plan_for_user(request.user, institution, pk)
    form = ActionForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.add_action(request.user, plan, _action_input(form), request=request)
        except services.InsightError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Aksi ditambahkan."))
    else:
        messages.error(request, _("Aksi belum lengkap: %(e)s") % {"e": _errors(form)})
    return redirect("insight:plan_detail", institution.slug, plan.pk)


def _action_input(form) -> services.ActionInput:
    data = form.cleaned_data
    return services.ActionInput(
        indicator=data["indicator"],
        target_level=data["target_level"],
        title=data["title"],
        due_on=data["due_on"],
        description=data.get("description", ""),
        owner=data.get("owner"),
    )


def _errors(form) -> str:
    return "; ".join(
        f"{form.fields[k].label if k in form.fields else ''} {' '.join(v)}".strip()
        for k, v in form.errors.items()
    )


@institution_view()
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    """Coaches edit the whole action; the unit's people only its progress (shown here too)."""
    institution = request.institution
    action = get_action_for_user(request.user, institution, pk, write=True)
    coach = is_coach(request.user, institution)
    form = ActionForm(request.POST or None, instance=action, plan=action.plan) if coach else None
    if request.method == "POST":
        if not coach:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.edit_action(request.user, action, _action_input(form), request=request)
            except services.InsightError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Aksi diperbarui."))
                return redirect("insight:plan_detail", institution.slug, action.plan.pk)
    progress = ProgressForm(initial={"status": action.status, "progress_note": action.progress_note})
    context = {"institution": institution, "action": action, "form": form, "progress": progress}
    return render(request, "insight/action_form.html", context)


@institution_view()
@require_POST
def action_progress(request, pk):
    institution = request.institution
    action = get_action_for_user(request.user, institution, pk, write=True)
    form = ProgressForm(request.POST)
    if form.is_valid():
        services.update_progress(
            request.user,
            action,
            form.cleaned_data["status"],
            form.cleaned_data["progress_note"],
            request=request,
        )
        messages.success(request, _("Kemajuan aksi disimpan."))
    else:
        messages.error(request, _("Status tidak sah."))
    return redirect("insight:plan_detail", institution.slug, action.plan.pk)


@institution_view(*COACHES)
@require_POST
def session_add(request, pk):
    institution = request.institution
    plan = get_plan_for_user(request.user, institution, pk)
    form = SessionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_session(
                request.user,
                plan,
                data["held_on"],
                data["attendees"],
                data["notes"],
                data["files"],
                request=request,
            )
        except services.InsightError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Sesi pendampingan dicatat."))
    else:
        messages.error(request, _("Sesi belum lengkap: %(e)s") % {"e": _errors(form)})
    return redirect("insight:plan_detail", institution.slug, plan.pk)


@institution_view()
def session_file(request, pk):
    """A session file, always as a download under its original name."""
    found = get_session_file_for_user(request.user, request.institution, pk)
    try:
        handle = found.file.storage.open(found.file.name, "rb")
    except FileNotFoundError:
        log.error("Session file %s: stored file %s is missing", found.pk, found.file.name)
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=found.original_name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# -- periodic checks ---------------------------------------------------------------------------------------


@institution_view(*COACHES)
@require_http_methods(["GET", "POST"])
def check_create(request):
    institution = request.institution
    candidates = list(
        Action.objects.filter(plan__institution=institution)
        .to_check()
        .select_related("plan__unit", "plan__campaign", "indicator", "owner")
        .order_by("plan__unit__name", "indicator__number")
    )
    form = PeriodicCheckForm(request.POST or None, actions=candidates)
    if request.method == "POST" and form.is_valid():
        chosen = [a for a in candidates if str(a.pk) in set(form.cleaned_data["actions"])]
        try:
            campaign = services.create_periodic_check(
                request.user,
                institution,
                chosen,
                form.cleaned_data["name"],
                form.cleaned_data["unit_deadline"],
                request=request,
            )
        except services.InsightError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Cek berkala dibuat dan dibuka untuk %(n)s aksi.") % {"n": len(chosen)}
            )
            return redirect("insight:check_results", institution.slug, campaign.pk)
    context = {"institution": institution, "form": form, "candidates": candidates}
    return render(request, "insight/check_form.html", context)


@institution_view()
def check_results(request, pk):
    """Which actions of a periodic check delivered a higher level (verified compared with verified)."""
    institution = request.institution
    campaign = get_campaign_for_user(request.user, institution, pk)
    visible = visible_units(request.user, institution).values_list("pk", flat=True)
    actions = list(
        Action.objects.filter(check_campaign=campaign, plan__unit_id__in=list(visible))
        .select_related("plan__unit", "plan__campaign", "indicator", "owner")
        .order_by("plan__unit__name", "indicator__number")
    )
    found, available = followup.outcomes(campaign, actions)
    context = {
        "institution": institution,
        "campaign": campaign,
        "outcomes": found,
        "available": available,
        "delivered": sum(1 for o in found if o.delivered),
    }
    return render(request, "insight/check_results.html", context)
