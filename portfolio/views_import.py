"""The admin's bulk import of applications: upload → preview (row errors) → confirm.

The flow is `swanilai.tabular`'s, as for the unit import: the previewed rows wait in the session
under a random token and are validated again on confirm, since the portfolio may have changed
meanwhile."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from orgs.access import institution_view
from orgs.models import Role
from portfolio.importing import TABLE, apply_import, validate_rows
from portfolio.services import ServiceError
from swanilai import tabular

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


@institution_view(Role.INSTITUTION_ADMIN)
@require_http_methods(["GET", "POST"])
def application_import(request):
    return tabular.import_view(request, FLOW)


def _validate(request, rows: list[dict], file_name: str) -> tabular.Preview:
    return validate_rows(request.institution, rows, file_name=file_name)


def _apply(request, preview: tabular.Preview) -> str:
    created, updated = apply_import(request.user, request.institution, preview, request=request)
    return _("%(created)d aplikasi baru, %(updated)d diperbarui.") % {"created": created, "updated": updated}


def template_download(request, kind: str) -> HttpResponse:
    return tabular.table_download(kind, "templat-impor-aplikasi", [TABLE.headers, EXAMPLE], sheet="Aplikasi")


FLOW = tabular.ImportFlow(
    table=TABLE,
    session_key="application_import",
    url_name="portfolio:application_import",
    done_url_name="portfolio:application_list",
    template_name="portfolio/application_import.html",
    validate=_validate,
    apply=_apply,
    refusals=(ServiceError,),
    download=template_download,
    template_param="templat",
    context=lambda request: {"columns": [(c.name, c.header, c.headers[1:]) for c in TABLE.columns]},
)
