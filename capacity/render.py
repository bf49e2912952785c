"""Coverage reports rendered: a PDF (WeasyPrint) that freezes the figures, and an Excel export.

The PDF carries the figures twice: as the printed tables and as an embedded JSON file
(`angka-cakupan.json`) whose SHA-256 fingerprint is printed on every page, so anyone can check
that the tables were not edited after the report was made.
"""

import io
import json

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from capacity.report import CoverageReport, figures

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIGURES_NAME = "angka-cakupan.json"


def file_stem(report: CoverageReport, short_name: str = "") -> str:
    scope = (short_name or ("instansi" if report.unit_id is None else str(report.unit_id))).lower()
    scope = "".join(ch if ch.isalnum() else "-" for ch in scope).strip("-")
    return f"cakupan-kompetensi-sdm-{scope}-{report.as_of:%Y-%m-%d}"


def render_pdf(report: CoverageReport, *, generated_by: str = "", purpose: str = "") -> bytes:
    """The dated PDF of `report`. WeasyPrint is imported here only: pages that never make a
    PDF do not pay for loading it."""
    import weasyprint

    context = {
        "report": report,
        "generated_at": timezone.localtime(),
        "generated_by": generated_by,
        "purpose": purpose,
        "figures_name": FIGURES_NAME,
    }
    html = render_to_string("capacity/report_pdf.html", context)
    data = json.dumps(figures(report), sort_keys=True, ensure_ascii=False, indent=1)
    attachment = weasyprint.Attachment(
        string=data, name=FIGURES_NAME, description=_("Angka laporan cakupan kompetensi SDM")
    )
    return weasyprint.HTML(string=html).write_pdf(attachments=[attachment])


# -- Excel ----------------------------------------------------------------------------------------------

PERCENT = "0.0%"


def _header(sheet, labels, widths) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append(labels)
    for cell, width in zip(sheet[sheet.max_row], widths, strict=False):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = width


def _share_cells(share) -> list:
    return [share.covered, share.total, float(share.value) if share.value is not None else None]


def _summary_sheet(sheet, report: CoverageReport) -> None:
    from openpyxl.styles import Font

    sheet.title = _("Ringkasan")
    for label, value in [
        (_("Instansi"), report.institution),
        (pgettext("lingkup laporan", "Cakupan"), report.scope),
        (_("Keadaan per"), report.as_of),
        (_("Jendela"), f"{report.start:%d-%m-%Y} – {report.as_of:%d-%m-%Y}"),
        (_("Pegawai dihitung"), report.total.people),
        (_("Sidik angka (SHA-256)"), report.fingerprint),
    ]:
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    _header(
        sheet,
        [
            _("Bidang kompetensi"),
            _("Instrumen"),
            _("Terlatih"),
            _("Wajib"),
            _("Cakupan"),
            _("Memenuhi target"),
        ],
        [40, 14, 10, 10, 10, 14],
    )
    for area, share in report.area_shares:
        sheet.append(
            [area.name, area.framework, *_share_cells(share), _("ya") if share.meets(report.target) else ""]
        )
        sheet.cell(sheet.max_row, 5).number_format = PERCENT
    sheet.append([_("Lengkap (semua bidang perannya)"), "", *_share_cells(report.total.complete)])
    sheet.cell(sheet.max_row, 5).number_format = PERCENT
    sheet.column_dimensions["B"].width = 60


def _units_sheet(book, report: CoverageReport) -> None:
    sheet = book.create_sheet(_("Per unit"))
    _header(
        sheet,
        [_("Unit"), _("Pegawai"), _("Lengkap"), *[a.name for a in report.areas]],
        [40, 10, 10, *[14] * len(report.areas)],
    )
    for row in report.rows:
        c = row.coverage
        values = [c.complete.value, *[c.by_area[a.code].value for a in report.areas]]
        sheet.append([row.name, c.people, *[float(v) if v is not None else None for v in values]])
        for cell in sheet[sheet.max_row][2:]:
            cell.number_format = PERCENT


def _roles_sheet(book, report: CoverageReport) -> None:
    sheet = book.create_sheet(_("Kesenjangan per peran"))
    _header(
        sheet,
        [_("Peran"), _("Pegawai"), *[a.name for a in report.areas]],
        [40, 10, *[14] * len(report.areas)],
    )
    for row in report.roles:
        sheet.append([row.name, row.people, *["" if g is None else g for g in row.gaps]])


def _needs_sheet(book, needs) -> None:
    sheet = book.create_sheet(_("Kebutuhan pelatihan"))
    _header(
        sheet,
        [_("Unit"), _("Nama"), _("NIP"), _("Peran"), _("Bidang yang belum"), _("Kode bidang")],
        [30, 32, 20, 32, 60, 30],
    )
    for need in needs:
        staff = need.staff
        sheet.append(
            [
                staff.unit.short_name,
                staff.name,
                staff.nip,
                staff.role.name if staff.role else "",
                ", ".join(a.name for a in need.missing),
                " ".join(a.code for a in need.missing),
            ]
        )


def _certifications_sheet(book, certifications, as_of) -> None:
    sheet = book.create_sheet(_("Sertifikasi"))
    _header(
        sheet,
        [_("Unit"), _("Nama"), _("Sertifikasi"), _("Penerbit"), _("Berlaku sampai"), _("Status")],
        [30, 32, 40, 30, 14, 16],
    )
    for cert in certifications:
        status = _("kedaluwarsa") if cert.expires_on < as_of else _("segera kedaluwarsa")
        sheet.append(
            [cert.staff.unit.short_name, cert.staff.name, cert.name, cert.issuer, cert.expires_on, status]
        )


def render_workbook(report: CoverageReport, *, needs=None, certifications=None) -> bytes:
    """Summary, per-unit and per-role sheets for everyone; the sheets with names only when the
    caller passes `needs` / `certifications` (people who may see them)."""
    import openpyxl  # here, not at import: openpyxl costs a web worker ~15 MB

    book = openpyxl.Workbook()
    _summary_sheet(book.active, report)
    if report.rows:
        _units_sheet(book, report)
    _roles_sheet(book, report)
    if needs is not None:
        _needs_sheet(book, needs)
    if certifications is not None:
        _certifications_sheet(book, certifications, report.as_of)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
