"""Training programmes, their sessions, participants, attendance and certificates.

Every member sees programmes with participant counts per unit; names only for staff the
user may see (capacity/access.py). A programme is changed by the institution admin or, when
a unit runs it, by that unit's people; any unit may send its own staff to any programme.
"""

from collections import Counter

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from capacity import services
from capacity.access import (
    PEOPLE_ROLES,
    can_edit_programme,
    get_enrolment_for_user,
    get_programme_for_user,
    get_session_for_user,
    staff_for_user,
    staff_unit_ids,
)
from capacity.catalogue import catalogue
from capacity.forms import FileForm, ProgrammeForm, SessionForm, apply_error
from capacity.models import Attendance, Programme
from capacity.views_staff import file_response, unit_choices
from orgs.access import institution_view


def staff_choices(request, exclude_ids=()):
    """Active staff the user may put in a programme (their own units; the admin: all)."""
    return (
        staff_for_user(request.user, request.institution)
        .active()
        .exclude(pk__in=exclude_ids)
        .select_related("unit")
        .order_by("unit__name", "name")
    )


def _selected(request, key="peserta"):
    ids = [int(v) for v in request.POST.getlist(key) or request.GET.getlist(key) if str(v).isdigit()]
    return list(staff_choices(request).filter(pk__in=ids))


@institution_view()
@require_GET
def programme_list(request):
    programmes = (
        Programme.objects.filter(institution=request.institution)
        .select_related("unit")
        .annotate(
            session_count=Count("sessions", distinct=True),
            participants=Count("enrolments", distinct=True),
            first_day=Min("sessions__starts_on"),
            last_day=Max("sessions__ends_on"),
        )
        .order_by("-last_day", "-created_at")
    )
    area = request.GET.get("bidang", "")
    if area and catalogue().area(area):  # areas are a JSON list: filtered here, the same on every database
        programmes = [p for p in programmes if area in p.areas]
    page = Paginator(programmes, 50).get_page(request.GET.get("halaman"))
    context = {
        "institution": request.institution,
        "page": page,
        "area": area,
        "areas": catalogue().areas,
        "can_create": bool(staff_unit_ids(request.user, request.institution) != set()),
    }
    return render(request, "capacity/programme_list.html", context)


@institution_view(*PEOPLE_ROLES)
@require_http_methods(["GET", "POST"])
def programme_create(request):
    """A new programme; from the training-needs plan it arrives with an area and participants."""
    unit_ids = staff_unit_ids(request.user, request.institution)
    initial = {"areas": [a for a in request.GET.getlist("bidang") if catalogue().area(a)]}
    form = ProgrammeForm(
        request.POST or None, initial=initial, institution=request.institution, unit_ids=unit_ids
    )
    participants = _selected(request)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.save_programme(
                request.user, form.save(commit=False), participants, request=request
            )
        except services.CapacityError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                _("Program dibuat dengan %(n)d peserta. Tambahkan sesinya.") % {"n": len(participants)},
            )
            return redirect("capacity:session_create", request.institution.slug, programme.pk)
    context = {"institution": request.institution, "form": form, "participants": participants}
    return render(request, "capacity/programme_form.html", context)


@institution_view()
@require_GET
def programme_detail(request, pk):
    programme = get_programme_for_user(request.user, request.institution, pk)
    unit_ids = staff_unit_ids(request.user, request.institution)
    enrolments = programme.enrolments.select_related("staff__unit")
    per_unit = (
        enrolments.values("staff__unit__short_name")
        .annotate(n=Count("pk"))
        .order_by("staff__unit__short_name")
    )
    visible = (
        []
        if unit_ids == set()
        else list(enrolments.filter(Q() if unit_ids is None else Q(staff__unit_id__in=unit_ids)))
    )
    sessions = list(
        programme.sessions.annotate(
            present=Count("attendance", filter=Q(attendance__present=True)), recorded=Count("attendance")
        )
    )
    present = Counter(
        Attendance.objects.filter(session__programme=programme, present=True).values_list(
            "staff_id", flat=True
        )
    )
    for enrolment in visible:
        enrolment.sessions_present = present[enrolment.staff_id]
    context = {
        "institution": request.institution,
        "programme": programme,
        "sessions": sessions,
        "per_unit": per_unit,
        "total": enrolments.count(),
        "enrolments": visible,
        "can_edit": can_edit_programme(request.user, programme),
        "can_enrol": unit_ids != set(),
    }
    return render(request, "capacity/programme_detail.html", context)


@institution_view(*PEOPLE_ROLES)
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk):
    programme = get_programme_for_user(request.user, request.institution, pk, write=True)
    form = ProgrammeForm(
        request.POST or None,
        instance=programme,
        institution=request.institution,
        unit_ids=staff_unit_ids(request.user, request.institution),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_programme(request.user, form.save(commit=False), request=request)
        except services.CapacityError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Program disimpan."))
            return redirect("capacity:programme_detail", request.institution.slug, programme.pk)
    return render(
        request,
        "capacity/programme_form.html",
        {"institution": request.institution, "form": form, "programme": programme},
    )


@institution_view(*PEOPLE_ROLES)
@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    programme = get_programme_for_user(request.user, request.institution, pk, write=True)
    form = SessionForm(request.POST or None)
    form.instance.programme = programme
    if request.method == "POST" and form.is_valid():
        try:
            services.save_session(request.user, form.save(commit=False), request=request)
        except services.CapacityError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Sesi ditambahkan."))
            return redirect("capacity:programme_detail", request.institution.slug, programme.pk)
    return render(
        request,
        "capacity/session_form.html",
        {"institution": request.institution, "form": form, "programme": programme},
    )


@institution_view(*PEOPLE_ROLES)
@require_http_methods(["GET", "POST"])
def session_attendance(request, pk):
    """Attendance of a whole session on one form: tick who was there, save once."""
    session = get_session_for_user(request.user, request.institution, pk, write=True)
    programme = session.programme
    unit_ids = staff_unit_ids(request.user, request.institution)
    enrolments = programme.enrolments.select_related("staff__unit")
    if unit_ids is not None:
        enrolments = enrolments.filter(staff__unit_id__in=unit_ids)
    people = [e.staff for e in enrolments]
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("hadir") if v.isdigit()}
        try:
            came, absent = services.record_attendance(request.user, session, people, present, request=request)
        except services.CapacityError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Kehadiran dicatat: %(came)d hadir, %(absent)d tidak hadir.")
                % {"came": came, "absent": absent},
            )
            return redirect("capacity:programme_detail", request.institution.slug, programme.pk)
    recorded = dict(session.attendance.values_list("staff_id", "present"))
    # Until recorded, everyone starts ticked (a series everyone attends) or, for a programme
    # run in batches (angkatan), nobody ("?mulai=kosong"): either way one pass of clicks.
    start_ticked = not recorded and request.GET.get("mulai") != "kosong"
    rows = [(p, recorded.get(p.pk, start_ticked)) for p in people]
    context = {
        "institution": request.institution,
        "session": session,
        "programme": programme,
        "rows": rows,
        "recorded": bool(recorded),
    }
    return render(request, "capacity/session_attendance.html", context)


@institution_view(*PEOPLE_ROLES)
@require_http_methods(["GET", "POST"])
def programme_enrol(request, pk):
    """Add participants: the user's own staff (the admin: anyone), those lacking the
    programme's areas first."""
    programme = get_programme_for_user(request.user, request.institution, pk)
    if request.method == "POST":
        added = services.enrol(request.user, programme, _selected(request), request=request)
        messages.success(request, _("%(n)d peserta ditambahkan.") % {"n": added})
        return redirect("capacity:programme_detail", request.institution.slug, programme.pk)
    unit = request.GET.get("unit", "")
    candidates = staff_choices(request, programme.enrolments.values("staff_id"))
    if unit.isdigit():
        candidates = candidates.filter(unit_id=int(unit))
    cat = catalogue()
    rows = [
        (s, cat.area_names(a for a in programme.areas if s.role and a in s.role.areas)) for s in candidates
    ]
    rows.sort(key=lambda r: (not r[1], r[0].unit.name, r[0].name))
    units = unit_choices(request)
    context = {
        "institution": request.institution,
        "programme": programme,
        "rows": rows,
        "unit": unit,
        "units": units,
    }
    return render(request, "capacity/programme_enrol.html", context)


@institution_view(*PEOPLE_ROLES)
@require_POST
def enrolment_update(request, pk):
    """Upload a participant's certificate, or take them out of the programme."""
    enrolment = get_enrolment_for_user(request.user, request.institution, pk)
    try:
        if request.POST.get("action") == "remove":
            services.remove_enrolment(request.user, enrolment, request=request)
            messages.success(
                request, _("%(name)s dikeluarkan dari program.") % {"name": enrolment.staff.name}
            )
        else:
            form = FileForm(request.POST, request.FILES)
            if not form.is_valid():
                raise services.CapacityError(" ".join(form.errors.get("file", [])))
            services.set_certificate(request.user, enrolment, form.cleaned_data["file"], request=request)
            messages.success(request, _("Sertifikat %(name)s disimpan.") % {"name": enrolment.staff.name})
    except services.CapacityError as exc:
        messages.error(request, str(exc))
    return redirect("capacity:programme_detail", request.institution.slug, enrolment.programme_id)


@institution_view(*PEOPLE_ROLES)
@require_GET
def certificate_download(request, pk):
    enrolment = get_enrolment_for_user(request.user, request.institution, pk)
    return file_response(enrolment.certificate, enrolment.certificate_name, enrolment.certificate_type)
