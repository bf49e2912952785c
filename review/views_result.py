"""The institution's result: the side-by-side page, one indicator with its units, settling,
approval by the Koordinator SPBE, reopening, the Berita Acara PDF and the export."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from instrument.models import LevelCriterion
from orgs.access import access_for, get_campaign_for_user, institution_view
from orgs.models import Role
from review import berita_acara, export, results, services, settlement
from review.forms import NoteForm, ReasonForm, SettleForm
from review.levels import show
from review.models import InterviewNote
from review.views import REVIEWERS
from swanilai.charts import Bar, bar_chart

READERS = (*REVIEWERS, Role.VIEWER)


def _roles(request) -> dict:
    access, institution = access_for(request.user), request.institution
    return {
        "can_settle": access.has_role(institution, Role.VERIFIER),
        "can_approve": access.has_role(institution, Role.KOORDINATOR),
        "can_reopen": access.has_role(institution, Role.INSTITUTION_ADMIN),
    }


@institution_view(*READERS)
@require_GET
def result(request, pk):
    institution = request.institution
    campaign = get_campaign_for_user(request.user, institution, pk)
    data = results.build(campaign)
    bars = [Bar(f"{c.label}", c.score.index, c.score.predicate) for c in data.columns if c.complete]
    context = {
        "institution": institution,
        "campaign": campaign,
        "result": data,
        "chart": bar_chart(
            bars, max_value=campaign.framework_version.values["max"], title=_("Indeks instansi")
        )
        if bars
        else "",
        "reopen_form": ReasonForm(),
        **_roles(request),
    }
    return render(request, "review/result.html", context)


@institution_view(*REVIEWERS)
@require_GET
def indicator(request, pk, number):
    institution = request.institution
    campaign = get_campaign_for_user(request.user, institution, pk)
    data = results.build(campaign)
    row = next((r for r in data.rows if r.indicator.number == number), None)
    if row is None:
        raise Http404
    proposed = row.proposal.level if row.proposal else None
    form = SettleForm(
        initial={
            "rule": row.rule,
            "threshold": row.threshold,
            "final_level": show(row.final_level if row.final_level is not None else proposed).replace(
                "–", ""
            ),
            "explanation": row.result.explanation if row.result else "",
        }
    )
    context = {
        "institution": institution,
        "campaign": campaign,
        "row": row,
        "locked": data.locked,
        "form": form,
        "criteria": LevelCriterion.objects.filter(indicator=row.indicator).order_by("level"),
        "notes": InterviewNote.objects.filter(campaign=campaign, indicator=row.indicator).select_related(
            "unit", "author"
        ),
        "note_form": NoteForm(units=campaign.units.all()),
        **_roles(request),
    }
    return render(request, "review/indicator.html", context)


@institution_view(Role.VERIFIER)
@require_POST
def settle(request, pk, number):
    campaign = get_campaign_for_user(request.user, request.institution, pk)
    indicator = campaign.framework_version.indicators.filter(number=number).first()
    if indicator is None:
        raise Http404
    form = SettleForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ReviewError(_("Periksa isian aturan dan level final."))
        data = form.cleaned_data
        settlement.settle_indicator(
            request.user,
            campaign,
            indicator,
            rule=data["rule"],
            threshold=data["threshold"],
            final_level=data["final_level"],
            explanation=data["explanation"],
            request=request,
        )
    except services.ReviewError as exc:
        messages.error(request, str(exc))
        return redirect("review:indicator", request.institution.slug, campaign.pk, number)
    messages.success(request, _("Indikator %(label)s disimpan.") % {"label": indicator.label})
    return redirect("review:result", request.institution.slug, campaign.pk)


@institution_view(Role.KOORDINATOR)
@require_POST
def approve(request, pk):
    campaign = get_campaign_for_user(request.user, request.institution, pk)
    try:
        approval = settlement.approve_result(request.user, campaign, request=request)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Hasil instansi disetujui (%(number)s) dan sekarang terkunci.") % {"number": approval.number},
        )
    return redirect("review:result", request.institution.slug, campaign.pk)


@institution_view(Role.INSTITUTION_ADMIN)
@require_POST
def reopen_result(request, pk):
    campaign = get_campaign_for_user(request.user, request.institution, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ReviewError(_("Alasan membuka kembali wajib diisi."))
        settlement.reopen_result(request.user, campaign, form.cleaned_data["reason"], request=request)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Hasil instansi dibuka kembali; persetujuan sebelumnya dicabut."))
    return redirect("review:result", request.institution.slug, campaign.pk)


@institution_view(*READERS)
@require_GET
def berita_acara_pdf(request, pk):
    campaign = get_campaign_for_user(request.user, request.institution, pk)
    approval = campaign.approvals.current().select_related("approved_by", "campaign__institution").first()
    if approval is None:
        messages.info(request, _("Berita Acara tersedia setelah hasil instansi disetujui Koordinator SPBE."))
        return redirect("review:result", request.institution.slug, campaign.pk)
    approval.campaign = campaign
    pdf = berita_acara.render_pdf(berita_acara.build(approval))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="berita-acara-{slugify(campaign.name)}.pdf"'
    return response


@institution_view(*REVIEWERS)
@require_GET
def export_csv(request, pk):
    campaign = get_campaign_for_user(request.user, request.institution, pk)
    text = export.to_csv(export.rows(campaign, request.build_absolute_uri))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jawaban-final-{slugify(campaign.name)}.csv"'
    return response


@institution_view(*REVIEWERS)
@require_GET
def export_xlsx(request, pk):
    campaign = get_campaign_for_user(request.user, request.institution, pk)
    data = export.to_xlsx(export.rows(campaign, request.build_absolute_uri), campaign.name)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="jawaban-final-{slugify(campaign.name)}.xlsx"'
    return response
