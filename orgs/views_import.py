"""The institution admin's bulk import of units: upload → preview → confirm.

The preview's rows travel to the confirm step in the session under a random token (one pending
import per session) and are validated again on confirm, since units may have changed meanwhile.
"""

import csv
import io
import secrets
import time

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from orgs.access import institution_view
from orgs.importing import (
    COLUMNS,
    HEADERS,
    LIMITS,
    MAX_ROWS,
    ImportFileError,
    apply_import,
    read_table,
    validate_rows,
)
from orgs.models import Role, Unit
from orgs.services import ServiceError

SESSION_KEY = "unit_import"
TOKEN_MAX_AGE = 30 * 60  # seconds between preview and confirm
TEMPLATE_EXAMPLES = [
    ["Dinas Komunikasi dan Informatika", "Diskominfo", "dinas", "", "Yudi Permana, S.Kom."],
    ["Bidang Aplikasi Informatika", "Bid. Aptika", "lainnya", "Diskominfo", ""],
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File CSV atau Excel (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Pilih file CSV atau Excel (.xlsx) untuk diunggah."),
            "empty": gettext_lazy("File kosong."),
            "invalid": gettext_lazy("Kirim file melalui formulir ini."),
        },
    )


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def unit_import(request):
    if request.method == "GET" and request.GET.get("template") in ("csv", "xlsx"):
        return template_download(request.GET["template"])
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
        "columns": column_help(),
        "max_rows": MAX_ROWS,
    }
    return render(request, "orgs/unit_import.html", context)


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


def _remember(request, rows: list[dict], preview) -> str:
    """Keep a clean preview's rows for the confirm step; return its token ("" = nothing to save)."""
    if preview.has_errors or not preview.to_save:
        return ""
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "token": token,
        "institution": request.institution.pk,
        "file": preview.file_name,
        "rows": rows,
        "statuses": [r.status for r in preview.rows],
        "at": time.time(),
    }
    return token


def _recall(request) -> dict | None:
    """The pending import the posted token names, removed from the session; None if unknown,
    for another institution or older than TOKEN_MAX_AGE."""
    pending = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "")
    if not pending or not secrets.compare_digest(str(pending.get("token", "")), token):
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
        return redirect("orgs:unit_import", request.institution.slug)
    preview = validate_rows(request.institution, pending["rows"], file_name=pending["file"])
    if [r.status for r in preview.rows] != pending.get("statuses"):
        # Units changed since the preview: show what saving would do now, and ask again.
        token = _remember(request, pending["rows"], preview)
        return _page(request, UploadForm(), preview, token, stale=True)
    try:
        created, updated = apply_import(request.user, request.institution, preview, request=request)
    except ServiceError as err:
        messages.error(request, str(err))
        return redirect("orgs:unit_import", request.institution.slug)
    messages.success(
        request,
        _("%(created)d unit baru, %(updated)d diperbarui.") % {"created": created, "updated": updated},
    )
    return redirect("orgs:unit_list", request.institution.slug)


def column_help() -> list[dict]:
    """What each column means, for the page (the column names come from `importing.HEADERS`)."""
    kinds = ", ".join(f"{key} ({label})" for key, label in Unit.KINDS)
    described = {
        "name": _("Nama lengkap unit, maksimal %(max)d karakter.") % {"max": LIMITS["name"]},
        "short_name": _(
            "Nama singkat, unik dalam instansi, maksimal %(max)d karakter. Kunci pencocokan unit."
        )
        % {"max": LIMITS["short_name"]},
        "kind": _("Salah satu: %(kinds)s. Boleh kode atau labelnya. Kosong = Lainnya untuk unit baru.")
        % {"kinds": kinds},
        "parent": _(
            "Nama singkat unit induk: unit yang sudah ada atau baris lain di file (di atas atau di bawah)."
        ),
        "head_name": _("Nama kepala unit, maksimal %(max)d karakter.") % {"max": LIMITS["head_name"]},
    }
    return [
        {
            "name": HEADERS[c][0],
            "aliases": HEADERS[c][1:],
            "required": c in ("name", "short_name"),
            "help": described[c],
        }
        for c in COLUMNS
    ]


def template_download(kind: str) -> HttpResponse:
    header = [HEADERS[c][0] for c in COLUMNS]
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")  # what Excel with Indonesian settings opens cleanly
        writer.writerows([header, *TEMPLATE_EXAMPLES])
        response = HttpResponse(("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    else:
        import openpyxl  # heavy; loaded only when an Excel file is handled

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Unit"
        for row in [header, *TEMPLATE_EXAMPLES]:
            sheet.append(row)
        for cell, width in zip(sheet[1], [45, 20, 16, 20, 30], strict=True):
            cell.font = openpyxl.styles.Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = width
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="templat-impor-unit.{kind}"'
    return response
