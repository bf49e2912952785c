"""The admin's bulk import of applications: upload → preview (row errors) → confirm.

As with the unit import, the previewed rows wait in the session under a random token and are
validated again on confirm, since the portfolio may have changed meanwhile."""

import csv
import io
import secrets
import time

import openpyxl
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from orgs.access import institution_view
from orgs.models import Role
from portfolio.importing import (
    COLUMNS,
    HEADERS,
    MAX_ROWS,
    XLSX_TYPE,
    ImportFileError,
    apply_import,
    read_table,
    validate_rows,
)
from portfolio.services import ServiceError

SESSION_KEY = "application_import"
TOKEN_MAX_AGE = 30 * 60
EXAMPLE = [
    "SIMPEG Daerah",
    "Data dan riwayat kepegawaian ASN",
    "BKPSDM",
    "Setda, Inspektorat",
    "https://simpeg.sukamaju.go.id/",
    "",
    "02.02",
    "02.04",
    "Kenaikan pangkat; mutasi",
    "production",
    "pdd",
    "api",
    "ya",
    "CV Data Prima",
    "2017",
    "2023-08-01",
    "Bidang Aplikasi Informatika 0812-0000-0000",
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File CSV atau Excel (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Pilih file CSV atau Excel (.xlsx) untuk diunggah."),
            "empty": gettext_lazy("File kosong."),
        },
    )


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def application_import(request):
    if request.method == "GET" and request.GET.get("templat") in ("csv", "xlsx"):
        return template_download(request.GET["templat"])
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    if request.method == "POST":
        return _preview(request, UploadForm(request.POST, request.FILES))
    return _page(request, UploadForm())


def _page(request, form, preview=None, token="", stale=False):
    context = {
        "institution": request.institution,
        "form": form,
        "preview": preview,
        "token": token,
        "stale": stale,
        "columns": [(c, HEADERS[c][0], HEADERS[c][1:]) for c in COLUMNS],
        "max_rows": MAX_ROWS,
    }
    return render(request, "portfolio/application_import.html", context)


def _preview(request, form):
    if not form.is_valid():
        return _page(request, form)
    upload = form.cleaned_data["file"]
    try:
        rows = read_table(upload)
    except ImportFileError as err:
        form.add_error("file", str(err))
        return _page(request, form)
    preview = validate_rows(request.institution, rows, file_name=upload.name[:200])
    return _page(request, UploadForm(), preview, _remember(request, rows, preview))


def _remember(request, rows, preview) -> str:
    if preview.has_errors or not preview.to_save:
        return ""
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "token": token,
        "institution": request.institution.pk,
        "rows": rows,
        "file": preview.file_name,
        "statuses": [r.status for r in preview.rows],
        "at": time.time(),
    }
    return token


def _recall(request) -> dict | None:
    pending = request.session.get(SESSION_KEY)
    if not pending or not secrets.compare_digest(
        str(pending.get("token", "")), request.POST.get("token", "")
    ):
        return None
    del request.session[SESSION_KEY]
    fresh = time.time() - pending.get("at", 0) <= TOKEN_MAX_AGE
    return pending if fresh and pending.get("institution") == request.institution.pk else None


def _confirm(request):
    pending = _recall(request)
    if pending is None:
        messages.error(
            request, _("Pratinjau impor ini tidak dikenal atau sudah kedaluwarsa. Unggah file lagi.")
        )
        return redirect("portfolio:application_import", request.institution.slug)
    preview = validate_rows(request.institution, pending["rows"], file_name=pending["file"])
    if [r.status for r in preview.rows] != pending["statuses"]:
        token = _remember(request, pending["rows"], preview)
        return _page(request, UploadForm(), preview, token, stale=True)
    try:
        created, updated = apply_import(request.user, request.institution, preview, request=request)
    except ServiceError as err:
        messages.error(request, str(err))
        return redirect("portfolio:application_import", request.institution.slug)
    messages.success(
        request,
        _("%(created)d aplikasi baru, %(updated)d diperbarui.") % {"created": created, "updated": updated},
    )
    return redirect("portfolio:application_list", request.institution.slug)


def template_download(kind: str) -> HttpResponse:
    header = [HEADERS[c][0] for c in COLUMNS]
    if kind == "csv":
        out = io.StringIO()
        csv.writer(out, delimiter=";").writerows([header, EXAMPLE])
        response = HttpResponse(("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Aplikasi"
        sheet.append(header)
        sheet.append(EXAMPLE)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="templat-impor-aplikasi.{kind}"'
    return response
