"""Who may see and change what in the portfolio, built on `orgs.access`.

Every member of the institution reads the whole portfolio (overlaps are only visible across
units). Units maintain their own applications and services: unit operators and heads edit those
whose owner unit is theirs; the institution admin edits everything and alone decides overlaps,
the consolidation plan, publication and the probe settings. Outsiders get 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from orgs.access import access_for
from orgs.models import Unit
from portfolio.models import Application, Service


def can_manage(user, institution) -> bool:
    return access_for(user).can_manage(institution)


def own_unit_ids(user, institution) -> set[int]:
    return access_for(user).units_in(institution)


def editable_units(user, institution):
    """Units the user may name as owner of an application or service."""
    units = Unit.objects.filter(institution=institution, is_active=True)
    if can_manage(user, institution):
        return units
    return units.filter(pk__in=own_unit_ids(user, institution))


def can_create(user, institution) -> bool:
    return can_manage(user, institution) or bool(own_unit_ids(user, institution))


def can_edit_owned(user, institution, owner_unit_id) -> bool:
    return can_manage(user, institution) or (
        owner_unit_id is not None and owner_unit_id in own_unit_ids(user, institution)
    )


def get_application_for_user(user, institution, pk: int, write: bool = False) -> Application:
    """The application (404 outside the institution); with `write`, 403 unless the user may edit it."""
    application = get_object_or_404(
        Application.objects.select_related("owner_unit", "last_probe"), pk=pk, institution=institution
    )
    application.institution = institution
    if write and not can_edit_owned(user, institution, application.owner_unit_id):
        raise PermissionDenied
    return application


def get_service_for_user(user, institution, pk: int, write: bool = False) -> Service:
    service = get_object_or_404(
        Service.objects.select_related("owner_unit", "application"), pk=pk, institution=institution
    )
    service.institution = institution
    if write and not can_edit_owned(user, institution, service.owner_unit_id):
        raise PermissionDenied
    return service
