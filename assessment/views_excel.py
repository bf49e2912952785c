"""The offline Excel sheet of a unit assessment: download, and upload → preview → confirm.

`assessment.excel` (and so openpyxl) is imported inside the views, to keep the web worker's
start-up light. The preview's rows wait in the session under a random token (one pending upload
per session) and are compared with the database again on confirm.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from assessment import services
from orgs.access import get_assessment_for_user, institution_view
from swanilai import tabular

SESSION_KEY = "assessment_excel_import"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Lembar Excel (.xlsx) yang diunduh dari Swanilai"),
        error_messages={
            "required": gettext_lazy("Pilih lembar Excel (.xlsx) untuk diunggah."),
            "empty": gettext_lazy("File kosong."),
            "invalid": gettext_lazy("Kirim file melalui formulir ini."),
        },
    )


@institution_view()
@require_GET
def excel_download(request, pk):
    from assessment import excel

    assessment = get_assessment_for_user(request.user, request.institution, pk)
    slug = request.institution.slug

    def file_url(evidence):
        return request.build_absolute_uri(reverse("assessment:evidence_download", args=[slug, evidence.pk]))

    response = HttpResponse(excel.render_workbook(assessment, file_url), content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{excel.file_name(assessment)}"'
    return response


@institution_view()
@require_http_methods(["GET", "POST"])
def excel_upload(request, pk):
    assessment = get_assessment_for_user(request.user, request.institution, pk, write=True)
    try:
        services.ensure_editable(assessment)
    except services.AssessmentError as exc:
        return _page(request, assessment, None, closed=str(exc))
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, assessment)
    if request.method == "POST":
        return _preview(request, assessment, UploadForm(request.POST, request.FILES))
    return _page(request, assessment, UploadForm())


def _page(request, assessment, form, preview=None, token="", stale=False, closed=""):
    context = {
        "institution": request.institution,
        "assessment": assessment,
        "campaign": assessment.campaign,
        "form": form,
        "preview": preview,
        "token": token,
        "stale": stale,
        "closed": closed,
    }
    return render(request, "assessment/excel_upload.html", context)


def _preview(request, assessment, form):
    from assessment import excel

    if not form.is_valid():
        return _page(request, assessment, form)
    upload = form.cleaned_data["file"]
    try:
        rows = excel.read_upload(upload, assessment)
        preview = excel.build_preview(assessment, rows, file_name=upload.name[:200])
    except excel.ExcelFileError as exc:
        form.add_error("file", str(exc))
        return _page(request, assessment, form)
    return _page(request, assessment, UploadForm(), preview, _remember(request, assessment, rows, preview))


def _remember(request, assessment, rows, preview) -> str:
    """Keep a clean preview's rows for the confirm step; return its token ("" = nothing to save)."""
    if preview.has_errors or not preview.to_save:
        return ""
    data = {"file": preview.file_name, "rows": [r.as_dict() for r in rows], "snapshot": preview.snapshot()}
    return tabular.stash(request, SESSION_KEY, {"assessment": assessment.pk}, data)


def _confirm(request, assessment):
    from assessment import excel

    pending = tabular.unstash(request, SESSION_KEY, {"assessment": assessment.pk})
    if pending is None:
        messages.error(
            request, _("Pratinjau unggahan ini tidak dikenal atau sudah kedaluwarsa. Unggah lembarnya lagi.")
        )
        return redirect("assessment:excel_upload", request.institution.slug, assessment.pk)
    rows = [excel.SheetRow(**row) for row in pending["rows"]]
    try:
        preview = excel.build_preview(assessment, rows, file_name=pending["file"])
    except excel.ExcelFileError as exc:
        messages.error(request, str(exc))
        return redirect("assessment:excel_upload", request.institution.slug, assessment.pk)
    if preview.snapshot() != pending["snapshot"]:
        # Answers changed since the preview: show what saving would do now, and ask again.
        token = _remember(request, assessment, rows, preview)
        return _page(request, assessment, UploadForm(), preview, token, stale=True)
    overwrite = {int(v) for v in request.POST.getlist("timpa") if v.isdigit()}
    try:
        count = excel.apply_preview(request.user, assessment, preview, overwrite, request=request)
    except services.EditConflict:
        # Someone saved between the check above and the write: everything was rolled back.
        preview = excel.build_preview(assessment, rows, file_name=pending["file"])
        token = _remember(request, assessment, rows, preview)
        return _page(request, assessment, UploadForm(), preview, token, stale=True)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect("assessment:excel_upload", request.institution.slug, assessment.pk)
    if count:
        messages.success(request, _("%(n)d jawaban dari lembar Excel disimpan.") % {"n": count})
    else:
        messages.info(request, _("Tidak ada jawaban yang disimpan: semua baris konflik dibiarkan."))
    return redirect("assessment:workspace", request.institution.slug, assessment.pk)
