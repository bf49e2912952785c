"""The institution admin's bulk import of units: upload → preview → confirm.

The flow is `swanilai.tabular`'s: the preview's rows wait in the session under a random token
and are validated again on confirm, since units may have changed meanwhile.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from orgs.access import institution_view
from orgs.importing import TABLE, apply_import, validate_rows
from orgs.models import Role, Unit
from orgs.services import ServiceError
from swanilai import tabular

TEMPLATE_EXAMPLES = [
    ["Dinas Komunikasi dan Informatika", "Diskominfo", "dinas", "", "Yudi Permana, S.Kom."],
    ["Bidang Aplikasi Informatika", "Bid. Aptika", "lainnya", "Diskominfo", ""],
]


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def unit_import(request):
    return tabular.import_view(request, FLOW)


def _validate(request, rows: list[dict], file_name: str) -> tabular.Preview:
    return validate_rows(request.institution, rows, file_name=file_name)


def _apply(request, preview: tabular.Preview) -> str:
    created, updated = apply_import(request.user, request.institution, preview, request=request)
    return _("%(created)d unit baru, %(updated)d diperbarui.") % {"created": created, "updated": updated}


def column_help() -> list[dict]:
    """What each column means, for the page (the column names come from `importing.TABLE`)."""
    kinds = ", ".join(f"{key} ({label})" for key, label in Unit.KINDS)
    limit = {c.name: c.max_length for c in TABLE.columns}
    described = {
        "name": _("Nama lengkap unit, maksimal %(max)d karakter.") % {"max": limit["name"]},
        "short_name": _(
            "Nama singkat, unik dalam instansi, maksimal %(max)d karakter. Kunci pencocokan unit."
        )
        % {"max": limit["short_name"]},
        "kind": _("Salah satu: %(kinds)s. Boleh kode atau labelnya. Kosong = Lainnya untuk unit baru.")
        % {"kinds": kinds},
        "parent": _(
            "Nama singkat unit induk: unit yang sudah ada atau baris lain di file (di atas atau di bawah)."
        ),
        "head_name": _("Nama kepala unit, maksimal %(max)d karakter.") % {"max": limit["head_name"]},
    }
    return [
        {"name": c.header, "aliases": c.headers[1:], "required": c.required, "help": described[c.name]}
        for c in TABLE.columns
    ]


def template_download(request, kind: str) -> HttpResponse:
    return tabular.table_download(
        kind,
        "templat-impor-unit",
        [TABLE.headers, *TEMPLATE_EXAMPLES],
        sheet="Unit",
        widths=[45, 20, 16, 20, 30],
    )


FLOW = tabular.ImportFlow(
    table=TABLE,
    session_key="unit_import",
    url_name="orgs:unit_import",
    done_url_name="orgs:unit_list",
    template_name="orgs/unit_import.html",
    validate=_validate,
    apply=_apply,
    refusals=(ServiceError,),
    download=template_download,
    context=lambda request: {"columns": column_help()},
)
