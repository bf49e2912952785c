from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import services as account_services
from orgs import services
from orgs.access import (
    access_for,
    get_unit_for_user,
    institution_view,
    platform_admin,
    signed_in,
    visible_units,
)
from orgs.forms import InstitutionForm, InviteForm, RolesForm, UnitForm
from orgs.models import Institution, Membership, Role, Unit

User = get_user_model()


@signed_in
def institution_list(request):
    access = access_for(request.user)
    institutions = Institution.objects.annotate(unit_count=Count("units", distinct=True))
    if not access.is_platform_admin:
        institutions = institutions.filter(pk__in=access.institution_ids())
    institutions = list(institutions)
    if len(institutions) == 1 and not access.is_platform_admin:
        return redirect("orgs:institution_home", institutions[0].slug)
    return render(request, "orgs/institution_list.html", {"institutions": institutions, "access": access})


@platform_admin
@require_http_methods(["GET", "POST"])
def institution_create(request):
    form = InstitutionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        institution = services.save_institution(request.user, form.save(commit=False), request=request)
        messages.success(request, _("Instansi %(name)s dibuat.") % {"name": institution.name})
        return redirect("orgs:institution_home", institution.slug)
    return render(request, "orgs/institution_form.html", {"form": form})


@institution_view()
def institution_home(request):
    institution = request.institution
    access = access_for(request.user)
    units = visible_units(request.user, institution).filter(is_active=True)
    context = {
        "institution": institution,
        "access": access,
        "my_roles": [m for m in access.memberships if m.institution_id == institution.pk],
        "unit_count": units.count(),
        "people_count": Membership.objects.filter(institution=institution).values("user").distinct().count(),
        "can_manage": access.can_manage(institution),
    }
    return render(request, "orgs/institution_home.html", context)


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def institution_settings(request):
    institution = request.institution
    form = InstitutionForm(request.POST or None, request.FILES or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        services.save_institution(request.user, form.save(commit=False), request=request)
        messages.success(request, _("Pengaturan instansi disimpan."))
        return redirect("orgs:institution_home", institution.slug)
    return render(request, "orgs/institution_form.html", {"form": form, "institution": institution})


@institution_view()
def unit_list(request):
    institution = request.institution
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("jenis", "")
    units = (
        visible_units(request.user, institution)
        .select_related("parent")
        .annotate(people=Count("memberships__user", distinct=True))
    )
    if query:
        units = units.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    if kind:
        units = units.filter(kind=kind)
    context = {
        "institution": institution,
        "units": units.order_by("-is_active", "name"),
        "query": query,
        "kind": kind,
        "kinds": Unit.KINDS,
        "can_manage": access_for(request.user).can_manage(institution),
    }
    return render(request, "orgs/unit_list.html", context)


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def unit_create(request):
    form = UnitForm(request.POST or None, institution=request.institution)
    if request.method == "POST" and form.is_valid():
        unit = services.save_unit(request.user, form.save(commit=False), request=request)
        messages.success(request, _("Unit %(name)s ditambahkan.") % {"name": unit.name})
        return redirect("orgs:unit_detail", request.institution.slug, unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "institution": request.institution})


@institution_view()
def unit_detail(request, pk):
    unit = get_unit_for_user(request.user, request.institution, pk)
    members = unit.memberships.select_related("user").order_by("role", "user__first_name")
    context = {
        "institution": request.institution,
        "unit": unit,
        "members": members,
        "children": unit.children.order_by("name"),
        "can_manage": access_for(request.user).can_manage(request.institution),
    }
    return render(request, "orgs/unit_detail.html", context)


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = get_unit_for_user(request.user, request.institution, pk, write=True)
    form = UnitForm(request.POST or None, instance=unit, institution=request.institution)
    if request.method == "POST" and form.is_valid():
        services.save_unit(request.user, form.save(commit=False), request=request)
        messages.success(request, _("Unit disimpan."))
        return redirect("orgs:unit_detail", request.institution.slug, unit.pk)
    return render(
        request, "orgs/unit_form.html", {"form": form, "institution": request.institution, "unit": unit}
    )


@institution_view(Role.INSTITUTION_ADMIN)
def people_list(request):
    institution = request.institution
    query = request.GET.get("q", "").strip()
    role = request.GET.get("peran", "")
    people = User.objects.filter(memberships__institution=institution).distinct()
    if query:
        people = people.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
            | Q(username__icontains=query)
        )
    if role:
        people = people.filter(memberships__institution=institution, memberships__role=role)
    people = people.prefetch_related(
        Prefetch(
            "memberships", queryset=Membership.objects.filter(institution=institution).select_related("unit")
        )
    ).order_by("first_name", "last_name", "username")
    page = Paginator(people, 50).get_page(request.GET.get("halaman"))
    context = {"institution": institution, "page": page, "query": query, "role": role, "roles": Role.choices}
    return render(request, "orgs/people_list.html", context)


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def person_invite(request):
    institution = request.institution
    form = InviteForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite_person(
                request.user,
                institution,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                roles=form.role_list(),
                request=request,
            )
        except services.ServiceError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, _("Undangan dikirim ke %(email)s.") % {"email": user.email})
            return redirect("orgs:person_detail", institution.slug, user.pk)
    return render(request, "orgs/person_invite.html", {"form": form, "institution": institution})


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def person_detail(request, user_id):
    institution = request.institution
    person = get_object_or_404(
        User.objects.filter(memberships__institution=institution).distinct(), pk=user_id
    )
    form = RolesForm(
        request.POST or None, institution=institution, initial=RolesForm.initial_for(person, institution)
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("deactivate", "activate"):
                services.set_active(request.user, institution, person, action == "activate", request=request)
                messages.success(request, _("Status akun diubah."))
                return redirect("orgs:person_detail", institution.slug, person.pk)
            if action == "reset_2fa":
                account_services.reset_second_factor(request.user, person, institution, request=request)
                messages.success(
                    request,
                    _("Verifikasi dua langkah diatur ulang; aplikasi autentikator baru dipasang saat masuk."),
                )
                return redirect("orgs:person_detail", institution.slug, person.pk)
            if form.is_valid():
                services.set_roles(request.user, institution, person, form.role_list(), request=request)
                messages.success(request, _("Peran disimpan."))
                return redirect("orgs:person_detail", institution.slug, person.pk)
        except (services.ServiceError, account_services.TwoFactorError) as exc:
            messages.error(request, str(exc))
    memberships = Membership.objects.filter(user=person).select_related("institution", "unit")
    access = access_for(request.user)
    if not access.is_platform_admin:
        memberships = memberships.filter(institution=institution)
    context = {
        "institution": institution,
        "person": person,
        "form": form,
        "memberships": memberships,
        "abilities": abilities(memberships),
        "has_authenticator": account_services.confirmed_device(person) is not None,
    }
    return render(request, "orgs/person_detail.html", context)


ROLE_ABILITIES = {
    Role.INSTITUTION_ADMIN: _("mengelola unit, orang, periode penilaian, portofolio aplikasi dan instrumen"),
    Role.KOORDINATOR: _("menyetujui hasil instansi dan menandatangani Berita Acara"),
    Role.VERIFIER: _("memverifikasi jawaban semua unit, memberi putusan, menyusun pembinaan"),
    Role.UNIT_OPERATOR: _("mengisi jawaban dan data dukung unit"),
    Role.UNIT_HEAD: _("menyetujui dan mengirim penilaian unit"),
    Role.VIEWER: _("membaca dasbor dan laporan"),
}


def abilities(memberships) -> list[str]:
    lines = []
    for m in memberships:
        where = f"{m.unit.name}, {m.institution.name}" if m.unit_id else m.institution.name
        lines.append(f"{m.get_role_display()} — {where}: {ROLE_ABILITIES[Role(m.role)]}")
    return lines
