"""Evidence (data dukung) on the answer page: upload, link, reuse, detach, download.

Each change answers htmx with the re-rendered panel (400 with the message in it when refused)
and a plain form post with a redirect back to the answer page and a message.
"""

import logging

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from assessment import evidence as services
from assessment.models import AnswerEvidence, Evidence
from assessment.services import AssessmentError
from instrument.models import EvidenceItem
from orgs.access import access_for, can_answer, get_answer_for_user, institution_view

log = logging.getLogger(__name__)

DATE_ERRORS = {"invalid": gettext_lazy("Tanggal dokumen tidak valid.")}


class UploadForm(forms.Form):
    file = forms.FileField(
        error_messages={
            "required": gettext_lazy("Pilih berkas yang akan diunggah."),
            "empty": gettext_lazy("Berkas yang dikirim kosong."),
            "invalid": gettext_lazy("Berkas tidak terkirim dengan benar."),
        }
    )
    title = forms.CharField(required=False)
    document_date = forms.DateField(required=False, error_messages=DATE_ERRORS)
    item_code = forms.CharField(required=False)


class LinkForm(forms.Form):
    url = forms.CharField(error_messages={"required": gettext_lazy("Isi alamat tautan.")})
    title = forms.CharField(required=False)
    document_date = forms.DateField(required=False, error_messages=DATE_ERRORS)
    item_code = forms.CharField(required=False)


class AttachForm(forms.Form):
    evidence = forms.IntegerField(
        error_messages={
            "required": gettext_lazy("Pilih data dukung yang akan dilampirkan."),
            "invalid": gettext_lazy("Pilih data dukung yang akan dilampirkan."),
        }
    )
    item_code = forms.CharField(required=False)


def cleaned(form) -> dict:
    if not form.is_valid():
        raise AssessmentError(" ".join(str(e) for errors in form.errors.values() for e in errors))
    return form.cleaned_data


def panel_context(request, answer, *, error=None, notice=None) -> dict:
    """What `_evidence_panel.html` needs; the same names as the answer page's context."""
    attachments = list(answer.attachments.select_related("evidence").order_by("item_code", "attached_at"))
    attached_ids = {a.evidence_id for a in attachments}
    return {
        "institution": request.institution,
        "answer": answer,
        "assessment": answer.assessment,
        "indicator": answer.indicator,
        "attachments": attachments,
        "items": EvidenceItem.objects.filter(indicator=answer.indicator).order_by("level", "position"),
        "library": Evidence.objects.filter(unit_id=answer.assessment.unit_id).exclude(pk__in=attached_ids)[
            :200
        ],
        "editable": answer.assessment.is_editable and can_answer(request.user, answer.assessment),
        "evidence_error": error,
        "evidence_notice": notice,
    }


def respond(request, answer, change):
    """Run `change` (returns the success message); answer htmx with the panel, a plain post
    with a redirect and a message."""
    try:
        notice, error = change(), None
    except AssessmentError as exc:
        notice, error = None, str(exc)
    if request.headers.get("HX-Request") == "true":
        context = panel_context(request, answer, error=error, notice=notice)
        return render(request, "assessment/_evidence_panel.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(
        reverse("assessment:answer", args=[request.institution.slug, answer.pk]) + "#evidence-panel"
    )


@institution_view()
@require_POST
def evidence_upload(request, pk):
    answer = get_answer_for_user(request.user, request.institution, pk, write=True)

    def change():
        data = cleaned(UploadForm(request.POST, request.FILES))
        attachment = services.add_file(
            request.user,
            answer,
            data["file"],
            title=data["title"],
            document_date=data["document_date"],
            item_code=data["item_code"],
            request=request,
        )
        return _('Data dukung "%(title)s" dilampirkan.') % {"title": attachment.evidence.title}

    return respond(request, answer, change)


@institution_view()
@require_POST
def evidence_link(request, pk):
    answer = get_answer_for_user(request.user, request.institution, pk, write=True)

    def change():
        data = cleaned(LinkForm(request.POST))
        attachment = services.add_link(
            request.user,
            answer,
            url=data["url"],
            title=data["title"],
            document_date=data["document_date"],
            item_code=data["item_code"],
            request=request,
        )
        return _('Tautan "%(title)s" dilampirkan.') % {"title": attachment.evidence.title}

    return respond(request, answer, change)


@institution_view()
@require_POST
def evidence_attach(request, pk):
    answer = get_answer_for_user(request.user, request.institution, pk, write=True)

    def change():
        data = cleaned(AttachForm(request.POST))
        evidence = get_object_or_404(Evidence, pk=data["evidence"], unit__institution=request.institution)
        services.attach_existing(request.user, answer, evidence, data["item_code"], request=request)
        return _('Data dukung "%(title)s" dilampirkan.') % {"title": evidence.title}

    return respond(request, answer, change)


@institution_view()
@require_POST
def evidence_detach(request, pk, attachment_id):
    answer = get_answer_for_user(request.user, request.institution, pk, write=True)
    attachment = get_object_or_404(
        AnswerEvidence.objects.select_related("evidence"), pk=attachment_id, answer=answer
    )

    def change():
        attachment.answer = answer
        services.detach(request.user, attachment, request=request)
        return _('Data dukung "%(title)s" dilepas dari jawaban ini.') % {"title": attachment.evidence.title}

    return respond(request, answer, change)


@institution_view()
@require_GET
def evidence_download(request, pk):
    """The stored file, always as a download under its original name; whoever may see the
    unit may download its evidence. Links have nothing to download (404)."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("unit"),
        pk=pk,
        kind=Evidence.FILE,
        unit__institution=request.institution,
    )
    evidence.unit.institution = request.institution
    if not access_for(request.user).can_see_unit(evidence.unit) or not evidence.file:
        raise Http404
    try:
        handle = evidence.file.storage.open(evidence.file.name, "rb")
    except FileNotFoundError:
        log.error("Evidence %s: stored file %s is missing", evidence.pk, evidence.file.name)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name or evidence.file.name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
