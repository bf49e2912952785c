"""Coverage pages, their Excel and PDF, the one-click evidence attach and the training-needs plan.

Aggregates are shown to every member of the institution; names only to the admin and the
unit's own people (see capacity/access.py).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from capacity import services
from capacity.access import PEOPLE_ROLES, can_see_people, staff_unit_ids
from capacity.catalogue import catalogue
from capacity.render import XLSX_TYPE, file_stem, render_pdf, render_workbook
from capacity.report import build_report, expiring_certifications, training_needs
from orgs.access import access_for, get_answer_for_user, get_unit_for_user, institution_view, visible_units
from orgs.models import Unit

MAX_MONTHS = 36


def window(data) -> tuple:
    """(as-of day in the institution's zone, months) from the `bulan` parameter (1–36)."""
    try:
        months = int(data.get("bulan") or catalogue().window_months)
    except (TypeError, ValueError):
        months = catalogue().window_months
    return timezone.localdate(), min(max(months, 1), MAX_MONTHS)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _expiring(request, as_of, months, unit_ids):
    """Certifications near or past expiry with names, for those who may see names; else None."""
    allowed = staff_unit_ids(request.user, request.institution)
    if allowed is not None:
        unit_ids = allowed if unit_ids is None else set(unit_ids) & allowed
    if unit_ids is not None and not unit_ids:
        return None
    days = catalogue().expiry_warning_days
    return (
        expiring_certifications(request.institution, as_of, days, unit_ids, months)
        .select_related("staff__unit")
        .order_by("expires_on")[:100]
    )


def _context(request, report, unit=None) -> dict:
    access = access_for(request.user)
    own = access.units_in(request.institution)
    target_units = own if unit is None else own & {unit.pk}
    return {
        "institution": request.institution,
        "report": report,
        "unit": unit,
        "catalogue": catalogue(),
        "months_choices": [3, 6, 12, 24],
        "visible_unit_ids": set(
            visible_units(request.user, request.institution).values_list("pk", flat=True)
        ),
        "targets": services.open_target_answers(request.user, request.institution, target_units),
        "can_see_people": can_see_people(request.user, request.institution),
    }


@institution_view()
@require_GET
def coverage(request):
    as_of, months = window(request.GET)
    report = build_report(request.institution, as_of=as_of, months=months)
    context = _context(request, report) | {"expiring": _expiring(request, as_of, months, None)}
    return render(request, "capacity/coverage.html", context)


@institution_view()
@require_GET
def unit_coverage(request, pk):
    unit = get_unit_for_user(request.user, request.institution, pk)
    as_of, months = window(request.GET)
    report = build_report(request.institution, as_of=as_of, months=months, unit=unit)
    context = _context(request, report, unit) | {"expiring": _expiring(request, as_of, months, {unit.pk})}
    return render(request, "capacity/unit_coverage.html", context)


@institution_view()
@require_GET
def coverage_excel(request):
    """The institution's coverage; the sheets with names only for those who may see them."""
    as_of, months = window(request.GET)
    report = build_report(request.institution, as_of=as_of, months=months)
    needs = certifications = None
    unit_ids = staff_unit_ids(request.user, request.institution)
    if can_see_people(request.user, request.institution):
        needs = training_needs(request.institution, as_of=as_of, months=months, unit_ids=unit_ids)
        certifications = _expiring(request, as_of, months, None)
    data = render_workbook(report, needs=needs, certifications=certifications)
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_stem(report)}.xlsx"'
    return response


def _pdf_response(request, report, short_name="") -> HttpResponse:
    who = request.user.get_full_name() or request.user.get_username()
    response = HttpResponse(render_pdf(report, generated_by=who), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_stem(report, short_name)}.pdf"'
    return response


@institution_view()
@require_GET
def report_pdf(request):
    as_of, months = window(request.GET)
    return _pdf_response(request, build_report(request.institution, as_of=as_of, months=months))


@institution_view()
@require_GET
def unit_report_pdf(request, pk):
    unit = get_unit_for_user(request.user, request.institution, pk)
    as_of, months = window(request.GET)
    report = build_report(request.institution, as_of=as_of, months=months, unit=unit)
    return _pdf_response(request, report, unit.short_name)


@institution_view()
@require_POST
def attach_report(request):
    """One click on a coverage page: freeze the figures shown there in a PDF and attach it to
    the chosen answer (indicator 25 SPBE 2020 / indicator 3 Pemdi 2026) of the user's unit."""
    institution = request.institution
    answer = get_answer_for_user(request.user, institution, _int(request.POST.get("answer")), write=True)
    unit_id = _int(request.POST.get("unit"))
    unit = get_unit_for_user(request.user, institution, unit_id) if unit_id else None
    as_of, months = window(request.POST)
    report = build_report(institution, as_of=as_of, months=months, unit=unit)
    try:
        services.attach_coverage_report(
            request.user, answer, report, request.POST.get("fingerprint", ""), request=request
        )
    except services.CapacityError as exc:
        messages.error(request, str(exc))
        back = (
            reverse("capacity:unit_coverage", args=[institution.slug, unit.pk])
            if unit
            else reverse("capacity:coverage", args=[institution.slug])
        )
        return redirect(f"{back}?bulan={months}")
    messages.success(
        request,
        _("Laporan cakupan per %(day)s dilampirkan sebagai data dukung.")
        % {"day": date_format(as_of, "j F Y")},
    )
    return redirect(reverse("assessment:answer", args=[institution.slug, answer.pk]) + "#evidence-panel")


@institution_view(*PEOPLE_ROLES)
@require_GET
def plan(request):
    """Training needs: who lacks which required area; with one area chosen, the people to put
    in a new programme for it."""
    institution = request.institution
    as_of, months = window(request.GET)
    allowed = staff_unit_ids(request.user, institution)
    units = Unit.objects.filter(institution=institution, is_active=True)
    if allowed is not None:
        units = units.filter(pk__in=allowed)
    unit_id = _int(request.GET.get("unit"))
    unit_ids = allowed
    if unit_id and units.filter(pk=unit_id).exists():
        unit_ids = {unit_id}
    area = request.GET.get("bidang", "")
    area = area if catalogue().area(area) else ""
    needs = training_needs(institution, as_of=as_of, months=months, unit_ids=unit_ids)
    per_area = {a.code: 0 for a in catalogue().areas}
    for need in needs:
        for missing in need.missing:
            per_area[missing.code] += 1
    if area:
        needs = [n for n in needs if any(a.code == area for a in n.missing)]
    context = {
        "institution": institution,
        "needs": needs,
        "units": units,
        "unit_id": unit_id,
        "area": area,
        "area_obj": catalogue().area(area),
        "per_area": [(a, per_area[a.code]) for a in catalogue().areas],
        "months": months,
        "as_of": as_of,
    }
    return render(request, "capacity/plan.html", context)
