"""Who may see and change what in insight, on top of orgs.access: dashboards of the whole
institution for the institution-wide roles; a unit's dashboard and coaching plans for its own
people too (404 for everyone else); coaching is run by verifiers and the admin."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from insight.models import Action, CoachingPlan, SessionFile
from orgs.access import READ_ALL_UNITS, access_for
from orgs.models import Role

READERS = tuple(sorted(READ_ALL_UNITS))
COACHES = (Role.INSTITUTION_ADMIN, Role.VERIFIER)


def is_coach(user, institution) -> bool:
    return access_for(user).has_role(institution, *COACHES)


def can_update_progress(user, action: Action) -> bool:
    """The unit's own people keep their actions' progress; coaches may too."""
    institution = action.plan.institution
    access = access_for(user)
    return access.has_role(institution, *COACHES) or action.plan.unit_id in access.units_in(institution)


def _visible(user, unit) -> None:
    if not access_for(user).can_see_unit(unit):
        raise Http404


def get_plan_for_user(user, institution, pk: int) -> CoachingPlan:
    plan = get_object_or_404(
        CoachingPlan.objects.select_related("unit", "campaign__framework_version__framework"),
        pk=pk,
        institution=institution,
    )
    plan.institution = plan.unit.institution = institution
    _visible(user, plan.unit)
    return plan


def get_action_for_user(user, institution, pk: int, write: bool = False) -> Action:
    """An action; `write` = change its progress (403 for readers who are not its unit)."""
    action = get_object_or_404(
        Action.objects.select_related(
            "plan__unit", "plan__campaign__framework_version", "indicator", "owner"
        ),
        pk=pk,
        plan__institution=institution,
    )
    action.plan.institution = action.plan.unit.institution = institution
    _visible(user, action.plan.unit)
    if write and not can_update_progress(user, action):
        raise PermissionDenied
    return action


def get_session_file_for_user(user, institution, pk: int) -> SessionFile:
    found = get_object_or_404(
        SessionFile.objects.select_related("session__plan__unit"),
        pk=pk,
        session__plan__institution=institution,
    )
    found.session.plan.unit.institution = institution
    _visible(user, found.session.plan.unit)
    return found
