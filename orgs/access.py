"""Who may see and do what: decided here, for every page and API endpoint.

Views declare their audience with one of the decorators below; a view without a declaration
is refused by `AccessDeclaredMiddleware` (deny by default). Object lookups go through the
`get_*_for_user` helpers, which return the object or raise 404 (not yours to know about) or
403 (you may see it but not do this).
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from orgs.models import PRIVILEGED_ROLES, UNIT_ROLES, Institution, Membership, Role, Unit

READ_ALL_UNITS = {Role.INSTITUTION_ADMIN, Role.KOORDINATOR, Role.VERIFIER, Role.VIEWER}


@dataclass
class Access:
    """A user's roles, loaded once per request (one query)."""

    user: object
    memberships: list = field(default_factory=list)

    @property
    def is_platform_admin(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_superuser)

    def roles_in(self, institution) -> set[str]:
        return {m.role for m in self.memberships if m.institution_id == institution.pk}

    def units_in(self, institution, roles=UNIT_ROLES) -> set[int]:
        return {m.unit_id for m in self.memberships if m.institution_id == institution.pk and m.role in roles}

    def institution_ids(self) -> set[int]:
        return {m.institution_id for m in self.memberships}

    def is_member(self, institution) -> bool:
        return self.is_platform_admin or institution.pk in self.institution_ids()

    def has_role(self, institution, *roles) -> bool:
        return self.is_platform_admin or bool(self.roles_in(institution) & set(roles))

    def can_manage(self, institution) -> bool:
        return self.has_role(institution, Role.INSTITUTION_ADMIN)

    def can_see_unit(self, unit) -> bool:
        institution = unit.institution
        return self.has_role(institution, *READ_ALL_UNITS) or unit.pk in self.units_in(institution)

    def can_edit_unit(self, unit) -> bool:
        return self.can_manage(unit.institution) or unit.pk in self.units_in(unit.institution)

    def needs_2fa(self) -> bool:
        """Platform admins always; privileged roles where the institution requires it."""
        if self.is_platform_admin:
            return True
        return any(m.role in PRIVILEGED_ROLES and m.institution.require_2fa for m in self.memberships)


def access_for(user) -> Access:
    cached = getattr(user, "_swanilai_access", None)
    if cached is not None:
        return cached
    memberships = []
    if user.is_authenticated:
        memberships = list(Membership.objects.filter(user=user).select_related("institution", "unit"))
    access = Access(user=user, memberships=memberships)
    if user.is_authenticated:
        user._swanilai_access = access
    return access


def forget_access(user) -> None:
    user.__dict__.pop("_swanilai_access", None)


# -- lookups ------------------------------------------------------------------------------------


def get_institution_for_user(user, slug: str, *roles) -> Institution:
    """The institution if the user belongs to it (404 otherwise); with `roles`, 403 unless the
    user holds one of them there."""
    access = access_for(user)
    institution = next((m.institution for m in access.memberships if m.institution.slug == slug), None)
    if institution is None:  # not a member: only a platform admin may look further
        if not access.is_platform_admin:
            raise Http404
        institution = get_object_or_404(Institution, slug=slug)
    if roles and not access.has_role(institution, *roles):
        raise PermissionDenied
    return institution


def get_unit_for_user(user, institution: Institution, pk: int, write: bool = False) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk, institution=institution)
    unit.institution = institution
    access = access_for(user)
    if not access.can_see_unit(unit):
        raise Http404
    if write and not access.can_edit_unit(unit):
        raise PermissionDenied
    return unit


def can_answer(user, assessment) -> bool:
    """Unit operators and heads fill in their own unit's answers."""
    return assessment.unit_id in access_for(user).units_in(assessment.campaign.institution)


def can_submit(user, assessment) -> bool:
    return assessment.unit_id in access_for(user).units_in(assessment.campaign.institution, {Role.UNIT_HEAD})


def get_campaign_for_user(user, institution: Institution, pk: int):
    from assessment.models import Campaign

    return get_object_or_404(
        Campaign.objects.select_related("framework_version__framework"), pk=pk, institution=institution
    )


def get_assessment_for_user(user, institution: Institution, pk: int, write: bool = False):
    """A unit assessment: its unit's people and the institution-wide roles see it (404 for
    others); `write` (answering) only its unit's operators and head (403)."""
    from assessment.models import UnitAssessment

    assessment = get_object_or_404(
        UnitAssessment.objects.select_related("campaign__framework_version__framework", "unit"),
        pk=pk,
        campaign__institution=institution,
    )
    assessment.campaign.institution = institution
    assessment.unit.institution = institution
    if not access_for(user).can_see_unit(assessment.unit):
        raise Http404
    if write and not can_answer(user, assessment):
        raise PermissionDenied
    return assessment


def get_answer_for_user(user, institution: Institution, pk: int, write: bool = False):
    from assessment.models import Answer

    answer = get_object_or_404(
        Answer.objects.select_related(
            "indicator__aspect",
            "assessment__campaign__framework_version__framework",
            "assessment__unit",
            "updated_by",
        ).defer(
            # parsed once per process instead (FrameworkVersion.parsed / engine)
            "assessment__campaign__framework_version__content",
            "assessment__campaign__framework_version__scoring",
        ),
        pk=pk,
        assessment__campaign__institution=institution,
    )
    assessment = answer.assessment
    assessment.campaign.institution = institution
    assessment.unit.institution = institution
    if not access_for(user).can_see_unit(assessment.unit):
        raise Http404
    if write and not can_answer(user, assessment):
        raise PermissionDenied
    return answer


def visible_units(user, institution: Institution):
    access = access_for(user)
    units = Unit.objects.filter(institution=institution)
    if access.has_role(institution, *READ_ALL_UNITS):
        return units
    return units.filter(pk__in=access.units_in(institution))


# -- declarations -------------------------------------------------------------------------------


def _declare(view, audience: str):
    view.swanilai_access = audience
    return view


def public(view):
    """Anyone, signed in or not (published results, login)."""
    return _declare(login_not_required(view), "public")


def signed_in(view):
    """Any signed-in user; object access is checked inside the view."""
    return _declare(view, "signed_in")


def platform_admin(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access_for(request.user).is_platform_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _declare(wrapped, "platform_admin")


def institution_view(*roles):
    """For views under /instansi/<inst>/: sets request.institution (404 for outsiders, 403 for
    members without one of `roles`; no roles = any member) and shows times in its zone."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, inst, *args, **kwargs):
            request.institution = get_institution_for_user(request.user, inst, *roles)
            timezone.activate(request.institution.time_zone)
            return view(request, *args, **kwargs)

        return _declare(wrapped, "institution:" + ",".join(roles) if roles else "institution")

    return decorator


class AccessDeclaredMiddleware:
    """Refuse any view that does not declare its audience (Django's own admin is exempt: it
    checks staff status itself)."""

    EXEMPT_MODULES = ("django.contrib.admin.",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view = getattr(view_func, "view_class", view_func)
        declared = getattr(view_func, "swanilai_access", None) or getattr(view, "swanilai_access", None)
        if declared is None and not (view_func.__module__ or "").startswith(self.EXEMPT_MODULES):
            raise PermissionDenied("Halaman ini belum menyatakan siapa yang boleh membukanya.")
        return None
