"""Who may see and change staff, trainings and certifications (on top of orgs/access.py).

- Aggregate coverage (counts and shares, no names) is read by every member of the
  institution: SPBE indicator 25 is answered for the institution as a whole.
- Personal data (names, NIP, who needs which training, certificates) is read and edited by
  the institution admin for every unit and by unit operators and heads for their own units
  only. Verifiers, the Koordinator and viewers see aggregates only. Nothing here is public.
- A programme is seen by every member (title, dates, participant counts); it is changed by
  the institution admin or, for a programme a unit runs itself, by that unit's people.

Lookups return the object or raise 404 (not yours to know about) / 403 (seen, not changed).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from capacity.models import Certification, Enrolment, Programme, Staff, TrainingSession
from orgs.access import access_for
from orgs.models import Role

PEOPLE_ROLES = (Role.INSTITUTION_ADMIN, Role.UNIT_OPERATOR, Role.UNIT_HEAD)


def staff_unit_ids(user, institution) -> set[int] | None:
    """Units whose staff the user sees and edits; None = every unit (institution admin)."""
    access = access_for(user)
    if access.can_manage(institution):
        return None
    return access.units_in(institution)


def can_see_people(user, institution) -> bool:
    return staff_unit_ids(user, institution) != set()


def staff_for_user(user, institution):
    return Staff.objects.filter(institution=institution).in_units(staff_unit_ids(user, institution))


def _check_staff(user, staff: Staff) -> Staff:
    units = staff_unit_ids(user, staff.institution)
    if units is not None and staff.unit_id not in units:
        raise Http404
    return staff


def get_staff_for_user(user, institution, pk: int) -> Staff:
    """A person of the registry: seeing is editing (admin, or the unit's operators/heads)."""
    staff = get_object_or_404(Staff.objects.select_related("unit"), pk=pk, institution=institution)
    staff.institution = institution
    return _check_staff(user, staff)


def get_certification_for_user(user, institution, pk: int) -> Certification:
    certification = get_object_or_404(
        Certification.objects.select_related("staff__unit"), pk=pk, staff__institution=institution
    )
    certification.staff.institution = institution
    _check_staff(user, certification.staff)
    return certification


def get_enrolment_for_user(user, institution, pk: int) -> Enrolment:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("staff__unit", "programme"),
        pk=pk,
        programme__institution=institution,
    )
    enrolment.staff.institution = enrolment.programme.institution = institution
    _check_staff(user, enrolment.staff)
    return enrolment


def can_edit_programme(user, programme: Programme) -> bool:
    access = access_for(user)
    if access.can_manage(programme.institution):
        return True
    return programme.unit_id is not None and programme.unit_id in access.units_in(programme.institution)


def get_programme_for_user(user, institution, pk: int, write: bool = False) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("unit"), pk=pk, institution=institution)
    programme.institution = institution
    if write and not can_edit_programme(user, programme):
        raise PermissionDenied
    return programme


def get_session_for_user(user, institution, pk: int, write: bool = False) -> TrainingSession:
    session = get_object_or_404(
        TrainingSession.objects.select_related("programme__unit"), pk=pk, programme__institution=institution
    )
    session.programme.institution = institution
    if write and not can_edit_programme(user, session.programme):
        raise PermissionDenied
    return session
