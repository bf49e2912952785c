"""The staff registry: list, add, edit, certifications, and bulk import with preview.

Only the institution admin (every unit) and unit operators/heads (their own units) come here;
verifiers, the Koordinator and viewers read coverage, not names.
"""

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from capacity import importing, services
from capacity.access import (
    PEOPLE_ROLES,
    get_certification_for_user,
    get_staff_for_user,
    staff_for_user,
    staff_unit_ids,
)
from capacity.catalogue import catalogue
from capacity.forms import CertificationForm, StaffForm, apply_error
from capacity.models import Attendance, Certification
from orgs.access import institution_view
from orgs.models import Unit
from swanilai import tabular

log = logging.getLogger(__name__)


def unit_choices(request):
    units = Unit.objects.filter(institution=request.institution, is_active=True)
    allowed = staff_unit_ids(request.user, request.institution)
    return units if allowed is None else units.filter(pk__in=allowed)


@institution_view(*PEOPLE_ROLES)
@require_GET
def staff_list(request):
    staff = staff_for_user(request.user, request.institution).select_related("unit")
    query, unit, role = (
        request.GET.get("q", "").strip(),
        request.GET.get("unit", ""),
        request.GET.get("peran", ""),
    )
    show_inactive = request.GET.get("nonaktif") == "1"
    if not show_inactive:
        staff = staff.active()
    if query:
        staff = staff.filter(Q(name__icontains=query) | Q(nip__startswith=query.replace(" ", "")))
    if unit.isdigit():
        staff = staff.filter(unit_id=int(unit))
    if role:
        staff = staff.filter(digital_role=role)
    page = Paginator(staff.order_by("unit__name", "name"), 50).get_page(request.GET.get("halaman"))
    context = {
        "institution": request.institution,
        "page": page,
        "query": query,
        "unit": unit,
        "role": role,
        "show_inactive": show_inactive,
        "units": unit_choices(request),
        "roles": catalogue().roles,
    }
    return render(request, "capacity/staff_list.html", context)


def _unit_ids(request):
    return staff_unit_ids(request.user, request.institution)


@institution_view(*PEOPLE_ROLES)
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = StaffForm(request.POST or None, institution=request.institution, unit_ids=_unit_ids(request))
    if request.method == "POST" and form.is_valid():
        try:
            staff = services.save_staff(request.user, form.save(commit=False), request=request)
        except services.CapacityError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("%(name)s ditambahkan ke registri.") % {"name": staff.name})
            return redirect("capacity:staff_detail", request.institution.slug, staff.pk)
    return render(request, "capacity/staff_form.html", {"institution": request.institution, "form": form})


@institution_view(*PEOPLE_ROLES)
@require_http_methods(["GET", "POST"])
def staff_detail(request, pk):
    """A person's record (editable), the sessions they attended and their certifications."""
    staff = get_staff_for_user(request.user, request.institution, pk)
    form = StaffForm(
        request.POST or None, instance=staff, institution=request.institution, unit_ids=_unit_ids(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_staff(request.user, form.save(commit=False), request=request)
        except services.CapacityError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Data pegawai disimpan."))
            return redirect("capacity:staff_detail", request.institution.slug, staff.pk)
    attended = (
        Attendance.objects.filter(staff=staff)
        .select_related("session__programme")
        .order_by("-session__ends_on")
    )
    context = {
        "institution": request.institution,
        "staff": staff,
        "form": form,
        "attended": attended,
        "enrolments": staff.enrolments.select_related("programme").order_by("-added_at"),
        "certifications": staff.certifications.order_by("-issued_on"),
    }
    return render(request, "capacity/staff_detail.html", context)


def _certification_page(request, staff, certification):
    form = CertificationForm(request.POST or None, request.FILES or None, instance=certification)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_certification(
                request.user, form.save(commit=False), form.cleaned_data["upload"], request=request
            )
        except services.CapacityError as exc:
            if exc.field == "file":
                exc.field = "upload"
            apply_error(form, exc)
        else:
            messages.success(request, _("Sertifikasi disimpan."))
            return redirect("capacity:staff_detail", request.institution.slug, staff.pk)
    context = {
        "institution": request.institution,
        "staff": staff,
        "form": form,
        "certification": certification,
    }
    return render(request, "capacity/certification_form.html", context)


@institution_view(*PEOPLE_ROLES)
@require_http_methods(["GET", "POST"])
def certification_create(request, pk):
    staff = get_staff_for_user(request.user, request.institution, pk)
    return _certification_page(request, staff, Certification(staff=staff))


@institution_view(*PEOPLE_ROLES)
@require_http_methods(["GET", "POST"])
def certification_edit(request, pk):
    certification = get_certification_for_user(request.user, request.institution, pk)
    return _certification_page(request, certification.staff, certification)


def file_response(field, name: str, content_type: str) -> FileResponse:
    """A stored private file, always as a download (never rendered by the browser)."""
    if not field:
        raise Http404
    try:
        handle = field.storage.open(field.name, "rb")
    except FileNotFoundError:
        log.error("capacity: stored file %s is missing", field.name)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name or field.name.rsplit("/", 1)[-1],
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@institution_view(*PEOPLE_ROLES)
@require_GET
def certification_file(request, pk):
    certification = get_certification_for_user(request.user, request.institution, pk)
    return file_response(certification.file, certification.file_name, certification.file_type)


# -- import -------------------------------------------------------------------------------------------


@institution_view(*PEOPLE_ROLES)
@require_http_methods(["GET", "POST"])
def staff_import(request):
    return tabular.import_view(request, IMPORT_FLOW)


def _validate_import(request, rows: list[dict], file_name: str) -> tabular.Preview:
    return importing.validate_rows(
        request.institution, rows, editable=_unit_ids(request), file_name=file_name
    )


def _apply_import(request, preview: tabular.Preview) -> str:
    count = services.import_staff(
        request.user,
        request.institution,
        [r.as_staff() for r in preview.rows],
        file_name=preview.file_name,
        request=request,
    )
    return _("%(n)d pegawai ditambahkan ke registri.") % {"n": count}


def _import_context(request) -> dict:
    return {"roles": catalogue().roles, "units": unit_choices(request)}


TEMPLATE_ROWS = [
    [
        "Ani Rahmawati, S.Kom.",
        "198503122010012003",
        "Pranata Komputer Ahli Muda",
        "PNS",
        "Dinkes",
        "admin_aplikasi",
    ],
    ["Dedi Supriadi", "", "Operator Layanan", "Non-ASN", "Dinkes", "operator_layanan"],
]


def template_download(request, kind: str) -> HttpResponse:
    def finish(book, sheet):
        for row in range(1, 2001):  # NIP as text: a number cell loses the last digits of 18
            sheet.cell(row, 2).number_format = "@"
        roles = book.create_sheet(_("Peran digital"))
        roles.append([_("kode"), _("peran"), _("bidang yang diwajibkan")])
        for role in catalogue().roles:
            roles.append([role.code, role.name, ", ".join(catalogue().area_names(role.areas))])

    return tabular.table_download(
        kind,
        "templat-impor-pegawai",
        [importing.TABLE.headers, *TEMPLATE_ROWS],
        sheet=_("Pegawai"),
        widths=[32, 22, 32, 18, 18, 24],
        finish=finish,
    )


IMPORT_FLOW = tabular.ImportFlow(
    table=importing.TABLE,
    session_key="staff_import",
    url_name="capacity:staff_import",
    done_url_name="capacity:staff_list",
    template_name="capacity/staff_import.html",
    validate=_validate_import,
    apply=_apply_import,
    refusals=(services.CapacityError,),
    download=template_download,
    context=_import_context,
)
