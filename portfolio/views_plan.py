"""Overlap groups and the consolidation plan (board by disposition, one application's line)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgs.access import institution_view
from orgs.models import Role
from portfolio import classification, services
from portfolio.access import can_manage, get_application_for_user
from portfolio.forms import DispositionForm, OverlapDecisionForm
from portfolio.models import Application, Disposition, OverlapGroup


@institution_view()
@require_http_methods(["GET", "POST"])
def overlap_list(request):
    institution = request.institution
    if request.method == "POST":
        if not can_manage(request.user, institution):
            raise PermissionDenied
        summary = services.detect_overlaps(request.user, institution, request=request)
        messages.success(
            request,
            _("Deteksi selesai: %(found)d kelompok, %(created)d baru, %(removed)d usulan lama dihapus.")
            % summary,
        )
        return redirect("portfolio:overlap_list", institution.slug)
    status = request.GET.get("status", OverlapGroup.PROPOSED)
    groups = (
        OverlapGroup.objects.filter(institution=institution)
        .prefetch_related(Prefetch("members", queryset=Application.objects.select_related("owner_unit")))
        .select_related("decided_by")
    )
    if status in dict(OverlapGroup.STATUSES):
        groups = groups.filter(status=status)
    national = {a.code: a for a in classification.national_apps()}
    context = {
        "institution": institution,
        "groups": groups,
        "status": status,
        "statuses": OverlapGroup.STATUSES,
        "national": national,
        "can_manage": can_manage(request.user, institution),
    }
    return render(request, "portfolio/overlap_list.html", context)


@institution_view(Role.INSTITUTION_ADMIN)
@require_POST
def overlap_decide(request, pk):
    institution = request.institution
    group = get_object_or_404(OverlapGroup, pk=pk, institution=institution)
    form = OverlapDecisionForm(request.POST)
    if form.is_valid():
        services.decide_overlap(
            request.user, group, form.cleaned_data["status"], form.cleaned_data["note"], request=request
        )
        messages.success(request, _("Keputusan disimpan."))
    else:
        messages.error(request, _("Keputusan tidak sah."))
    return redirect("portfolio:overlap_list", institution.slug)


@institution_view()
def plan_board(request):
    institution = request.institution
    plan = Disposition.objects.filter(application__institution=institution).select_related(
        "application__owner_unit", "application__last_probe"
    )
    columns = [
        (code, label, [d for d in plan if d.decision == code]) for code, label in Disposition.DECISIONS
    ]
    undecided = (
        Application.objects.for_institution(institution)
        .filter(disposition__isnull=True)
        .exclude(lifecycle="retired")
        .select_related("owner_unit")
        .order_by("name")
    )
    context = {
        "institution": institution,
        "columns": columns,
        "undecided": undecided,
        "progress": services.plan_progress(institution),
        "today": timezone.localdate(),
        "national": {a.code: a for a in classification.national_apps()},
        "can_manage": can_manage(request.user, institution),
    }
    return render(request, "portfolio/plan_board.html", context)


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def disposition_edit(request, pk):
    institution = request.institution
    application = get_application_for_user(request.user, institution, pk)
    instance = getattr(application, "disposition", None) or Disposition(application=application)
    form = DispositionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_disposition(request.user, form.save(commit=False), request=request)
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Rencana untuk %(name)s disimpan.") % {"name": application.name})
            return redirect("portfolio:plan_board", institution.slug)
    context = {"institution": institution, "application": application, "form": form}
    return render(request, "portfolio/disposition_form.html", context)
