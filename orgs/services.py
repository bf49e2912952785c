"""State changes of institutions, units and people. Each is atomic and audited."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from audit.services import record
from orgs.access import forget_access
from orgs.models import Institution, Membership, Unit

User = get_user_model()


class ServiceError(ValueError):
    """A refusal with a message for the user; nothing was changed."""


def _snapshot(obj, fields) -> dict:
    data = model_to_dict(obj, fields=fields)
    return {k: (str(v) if hasattr(v, "url") else v) for k, v in data.items()}


INSTITUTION_FIELDS = ["name", "slug", "kind", "region_code", "time_zone", "require_2fa", "evidence_max_mb"]
UNIT_FIELDS = ["name", "short_name", "kind", "parent", "head_name", "is_active"]


@transaction.atomic
def save_institution(actor, institution: Institution, request=None) -> Institution:
    """Create or update an institution from a validated (unsaved) instance."""
    before = None
    if institution.pk:
        before = _snapshot(Institution.objects.get(pk=institution.pk), INSTITUTION_FIELDS)
    institution.save()
    action = "institution.update" if before else "institution.create"
    record(
        action,
        actor=actor,
        obj=institution,
        institution=institution,
        before=before,
        after=_snapshot(institution, INSTITUTION_FIELDS),
        request=request,
    )
    return institution


@transaction.atomic
def save_unit(actor, unit: Unit, request=None) -> Unit:
    before = None
    if unit.pk:
        before = _snapshot(Unit.objects.get(pk=unit.pk), UNIT_FIELDS)
    unit.save()
    record(
        "unit.update" if before else "unit.create",
        actor=actor,
        obj=unit,
        institution=unit.institution,
        before=before,
        after=_snapshot(unit, UNIT_FIELDS),
        request=request,
    )
    return unit


def roles_summary(user, institution) -> list[str]:
    return sorted(
        f"{m.role}:{m.unit.short_name}" if m.unit_id else m.role
        for m in Membership.objects.filter(user=user, institution=institution).select_related("unit")
    )


@transaction.atomic
def set_roles(actor, institution, user, roles: list[tuple[str, Unit | None]], request=None) -> None:
    """Replace the user's roles in this institution by `roles` [(role, unit or None)]."""
    before = roles_summary(user, institution)
    Membership.objects.filter(user=user, institution=institution).delete()
    Membership.objects.bulk_create(
        Membership(user=user, institution=institution, role=role, unit=unit) for role, unit in roles
    )
    forget_access(user)
    after = roles_summary(user, institution)
    if before != after:
        record(
            "person.roles",
            actor=actor,
            obj=user,
            institution=institution,
            before={"roles": before},
            after={"roles": after},
            request=request,
        )


@transaction.atomic
def invite_person(actor, institution, *, email: str, full_name: str, roles, request=None):
    """Create an account without a password, give it roles and e-mail a set-password link."""
    email = email.strip().lower()
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise ServiceError(
            _("Alamat e-mail %(email)s sudah terdaftar. Ubah peran orang itu dari halaman Orang.")
            % {"email": email}
        )
    first, _sep, last = full_name.strip().partition(" ")
    user = User(username=email, email=email, first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    user.save()
    record(
        "person.invite",
        actor=actor,
        obj=user,
        institution=institution,
        after={"email": email, "name": full_name},
        request=request,
    )
    set_roles(actor, institution, user, roles, request=request)
    link = set_password_link(user, request)
    transaction.on_commit(
        lambda: send_mail(
            _("Undangan ke Swanilai — %(institution)s") % {"institution": institution.name},
            _(
                "Yth. %(name)s,\n\nAnda diundang memakai Swanilai untuk %(institution)s.\n"
                "Buat kata sandi Anda melalui tautan berikut (berlaku 3 hari):\n%(link)s\n\n"
                "Nama pengguna Anda: %(username)s\n"
            )
            % {"name": full_name, "institution": institution.name, "link": link, "username": email},
            None,
            [email],
        )
    )
    return user


def set_password_link(user, request=None) -> str:
    path = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path) if request is not None else f"http://127.0.0.1:8000{path}"


@transaction.atomic
def set_active(actor, institution, user, active: bool, request=None) -> None:
    if user.pk == actor.pk and not active:
        raise ServiceError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        "person.activate" if active else "person.deactivate",
        actor=actor,
        obj=user,
        institution=institution,
        before={"is_active": not active},
        after={"is_active": active},
        request=request,
    )
