from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessment import services
from assessment.forms import AnswerForm, CampaignForm, ExtendForm, ReasonForm
from assessment.models import (
    Answer,
    Campaign,
    Evidence,
    Notice,
    UnitAssessment,
)
from instrument.models import EvidenceItem, LevelCriterion
from orgs.access import (
    access_for,
    can_answer,
    can_submit,
    get_answer_for_user,
    get_assessment_for_user,
    get_campaign_for_user,
    institution_view,
    signed_in,
)
from orgs.models import Role


@institution_view()
def campaign_list(request):
    institution = request.institution
    campaigns = Campaign.objects.filter(institution=institution).select_related("framework_version")
    access = access_for(request.user)
    mine = UnitAssessment.objects.filter(
        campaign__institution=institution, unit_id__in=access.units_in(institution)
    ).select_related("campaign", "unit")
    context = {
        "institution": institution,
        "campaigns": campaigns,
        "mine": mine,
        "can_manage": access.can_manage(institution),
    }
    return render(request, "assessment/campaign_list.html", context)


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    institution = request.institution
    form = CampaignForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        campaign = services.create_campaign(
            request.user,
            form.save(commit=False),
            form.cleaned_data["units"],
            request=request,
            indicators=form.cleaned_data["indicators"],
        )
        messages.success(request, _("Periode dibuat. Periksa matriks tanggung jawab, lalu buka periodenya."))
        return redirect("assessment:matrix", institution.slug, campaign.pk)
    return render(request, "assessment/campaign_form.html", {"form": form, "institution": institution})


@institution_view()
def campaign_detail(request, pk):
    institution = request.institution
    campaign = get_campaign_for_user(request.user, institution, pk)
    access = access_for(request.user)
    assessments = campaign.assessments.select_related("unit").annotate(
        total=Count("answers"),
        done=Count("answers", filter=~Q(answers__level=None)),
    )
    if not access.has_role(institution, Role.INSTITUTION_ADMIN, Role.VERIFIER, Role.KOORDINATOR, Role.VIEWER):
        assessments = assessments.filter(unit_id__in=access.units_in(institution))
    counts = {s: 0 for s, _label in UnitAssessment.STATUSES}
    for a in assessments:
        counts[a.status] += 1
    context = {
        "institution": institution,
        "campaign": campaign,
        "assessments": assessments,
        "counts": counts,
        "can_manage": access.can_manage(institution),
        "now": timezone.now(),
    }
    return render(request, "assessment/campaign_detail.html", context)


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def campaign_matrix(request, pk):
    institution = request.institution
    campaign = get_campaign_for_user(request.user, institution, pk)
    rows = list(
        campaign.responsibilities.select_related("indicator", "owner").prefetch_related("contributors")
    )
    units = list(campaign.units.order_by("name"))
    if request.method == "POST":
        by_id = {u.pk: u for u in units}
        try:
            for row in rows:
                owner = by_id.get(_int(request.POST.get(f"owner-{row.pk}")))
                if owner is None:
                    raise services.AssessmentError(
                        _("Indikator %(label)s belum punya penanggung jawab.")
                        % {"label": row.indicator.label}
                    )
                contributors = [
                    by_id[i] for i in map(_int, request.POST.getlist(f"contrib-{row.pk}")) if i in by_id
                ]
                services.set_responsibility(request.user, row, owner, contributors, request=request)
        except services.AssessmentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Matriks tanggung jawab disimpan."))
            return redirect("assessment:matrix", institution.slug, campaign.pk)
    context = {
        "institution": institution,
        "campaign": campaign,
        "rows": rows,
        "units": units,
        "editable": campaign.status == Campaign.DRAFT,
    }
    return render(request, "assessment/campaign_matrix.html", context)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@institution_view(Role.INSTITUTION_ADMIN)
@require_POST
def campaign_open(request, pk):
    campaign = get_campaign_for_user(request.user, request.institution, pk)
    try:
        count = services.open_campaign(request.user, campaign, request=request)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Periode dibuka: %(n)s baris jawaban dibuat untuk unit peserta.") % {"n": count}
        )
    return redirect("assessment:campaign_detail", request.institution.slug, campaign.pk)


def workspace_answers(assessment):
    return (
        assessment.answers.select_related("indicator__aspect", "updated_by")
        .annotate(evidence_count=Count("attachments"))
        .order_by("indicator__number")
    )


@institution_view()
def workspace(request, pk):
    institution = request.institution
    assessment = get_assessment_for_user(request.user, institution, pk)
    answers = list(workspace_answers(assessment))
    done = sum(1 for a in answers if a.is_complete)
    context = {
        "institution": institution,
        "assessment": assessment,
        "campaign": assessment.campaign,
        "answers": answers,
        "done": done,
        "total": len(answers),
        "percent": round(100 * done / len(answers)) if answers else 0,
        "can_answer": can_answer(request.user, assessment),
        "can_submit": can_submit(request.user, assessment),
        "can_manage": access_for(request.user).can_manage(institution),
        "missing": services.missing_for_submission(assessment) if assessment.is_editable else [],
        "reason_form": ReasonForm(),
        "extend_form": ExtendForm(),
    }
    return render(request, "assessment/workspace.html", context)


def answer_context(request, answer, form=None, conflict=None):
    version = answer.assessment.campaign.framework_version
    level_names = version.level_names(answer.indicator.scale)
    if form is None:
        form = AnswerForm(
            initial={
                "level": answer.level,
                "fakta": answer.fakta,
                "analisis": answer.analisis,
                "version": answer.version,
            },
            level_names=level_names,
        )
    attachments = list(answer.attachments.select_related("evidence").order_by("item_code", "attached_at"))
    attached_ids = {a.evidence_id for a in attachments}
    return {
        "institution": request.institution,
        "answer": answer,
        "assessment": answer.assessment,
        "indicator": answer.indicator,
        "form": form,
        "conflict": conflict,
        "criteria": LevelCriterion.objects.filter(indicator=answer.indicator).order_by("level"),
        "items": EvidenceItem.objects.filter(indicator=answer.indicator).order_by("level", "position"),
        "attachments": attachments,
        "library": Evidence.objects.filter(unit_id=answer.assessment.unit_id).exclude(pk__in=attached_ids)[
            :200
        ],
        "previous": Answer.objects.previous_of(answer),
        "editable": answer.assessment.is_editable and can_answer(request.user, answer.assessment),
    }


@institution_view()
def answer_detail(request, pk):
    answer = get_answer_for_user(request.user, request.institution, pk)
    return render(request, "assessment/answer.html", answer_context(request, answer))


@institution_view()
@require_POST
def answer_save(request, pk):
    """Save as you go (htmx) or by the form's button. A conflict answers 409 with both versions."""
    answer = get_answer_for_user(request.user, request.institution, pk, write=True)
    level_names = answer.assessment.campaign.framework_version.level_names(answer.indicator.scale)
    form = AnswerForm(request.POST, level_names=level_names)
    htmx = request.headers.get("HX-Request") == "true"
    status, conflict = 200, None
    if form.is_valid():
        data = services.AnswerInput(
            form.cleaned_data["level"], form.cleaned_data["fakta"], form.cleaned_data["analisis"]
        )
        try:
            services.save_answer(request.user, answer, data, form.cleaned_data["version"], request=request)
        except services.EditConflict as exc:
            status, conflict = 409, exc.answer
        except services.AssessmentError as exc:
            status = 400
            form.add_error(None, str(exc))
        else:
            if not htmx:
                messages.success(request, _("Jawaban disimpan."))
                return redirect("assessment:answer", request.institution.slug, answer.pk)
    else:
        status = 400
    if htmx:
        context = {
            "answer": answer,
            "form": form,
            "conflict": conflict,
            "institution": request.institution,
            "saved_at": timezone.now() if status == 200 else None,
        }
        return render(request, "assessment/_answer_status.html", context, status=status)
    return render(
        request, "assessment/answer.html", answer_context(request, answer, form, conflict), status=status
    )


@institution_view()
@require_POST
def assessment_submit(request, pk):
    assessment = get_assessment_for_user(request.user, request.institution, pk)
    if not can_submit(request.user, assessment):
        return HttpResponse(_("Hanya kepala unit yang dapat mengirim penilaian."), status=403)
    try:
        services.submit_assessment(request.user, assessment, request=request)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Penilaian dikirim ke Tim Koordinasi dan sekarang terkunci."))
    return redirect("assessment:workspace", request.institution.slug, assessment.pk)


@institution_view(Role.INSTITUTION_ADMIN)
@require_POST
def assessment_reopen(request, pk):
    assessment = get_assessment_for_user(request.user, request.institution, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise services.AssessmentError(_("Alasan membuka kembali wajib diisi."))
        services.reopen_assessment(request.user, assessment, form.cleaned_data["reason"], request=request)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Penilaian dibuka kembali untuk unit."))
    return redirect("assessment:workspace", request.institution.slug, assessment.pk)


@institution_view(Role.INSTITUTION_ADMIN)
@require_POST
def assessment_extend(request, pk):
    assessment = get_assessment_for_user(request.user, request.institution, pk)
    form = ExtendForm(request.POST)
    try:
        if not form.is_valid():
            raise services.AssessmentError(_("Isi batas baru (tanggal dan jam) dan alasannya."))
        services.extend_deadline(
            request.user,
            assessment,
            form.cleaned_data["deadline"],
            form.cleaned_data["reason"],
            request=request,
        )
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Batas pengisian diperpanjang."))
    return redirect("assessment:workspace", request.institution.slug, assessment.pk)


@signed_in
def notices(request):
    items = Notice.objects.filter(user=request.user).select_related("institution")[:200]
    if request.method == "POST":
        Notice.objects.filter(user=request.user, read_at=None).update(read_at=timezone.now())
        return redirect("notices")
    return render(request, "assessment/notices.html", {"notices": items})
