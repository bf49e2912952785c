"""The institution's final answers for the national application, in the framework's order:
indicator number, level, FAKTA/ANALISIS, evidence with download links. Rows are built once
(`rows`), then written as CSV or Excel."""

import csv
import io
from dataclasses import dataclass
from fractions import Fraction

from django.urls import NoReverseMatch, reverse

from assessment.models import AnswerEvidence, Evidence
from review import results
from review.levels import level_name, show
from swanilai.tabular import spreadsheet_safe

COLUMNS = ["Nomor indikator", "Kode", "Indikator", "Level", "Nama level", "FAKTA", "ANALISIS", "Data dukung"]


@dataclass(frozen=True)
class EvidenceRef:
    title: str
    url: str
    unit: str


@dataclass(frozen=True)
class ExportRow:
    number: int
    code: str
    name: str
    level: Fraction | None
    level_name: str
    fakta: str
    analisis: str
    evidence: tuple[EvidenceRef, ...]

    def cells(self) -> list:
        evidence = "\n".join(
            f"{e.title} ({e.unit}): {e.url}" if e.url else f"{e.title} ({e.unit})" for e in self.evidence
        )
        return [
            self.number,
            self.code,
            self.name,
            show(self.level) if self.level is not None else "",
            self.level_name,
            self.fakta,
            self.analisis,
            evidence,
        ]


def evidence_url(evidence: Evidence, institution_slug: str, absolute) -> str:
    """A link's own address; a file's download page (left empty if that page is missing)."""
    if evidence.kind == Evidence.LINK:
        return evidence.url
    try:
        return absolute(
            reverse("assessment:evidence_download", kwargs={"inst": institution_slug, "pk": evidence.pk})
        )
    except NoReverseMatch:
        return ""


def rows(campaign, absolute=lambda path: path) -> list[ExportRow]:
    """One row per indicator: the final level, the owner unit's explanation (else the first
    contributor's that has one), and the evidence of every unit that answered it."""
    result = results.build(campaign)
    answer_ids = [u.answer.pk for row in result.rows for u in row.units]
    attachments: dict[int, list[AnswerEvidence]] = {}
    for att in (
        AnswerEvidence.objects.filter(answer_id__in=answer_ids)
        .select_related("evidence")
        .order_by("item_code", "pk")
    ):
        attachments.setdefault(att.answer_id, []).append(att)
    version = campaign.framework_version
    slug = campaign.institution.slug
    out = []
    for row in result.rows:
        explained = next((u for u in row.units if u.answer.fakta or u.answer.analisis), None)
        source = (
            row.owner if row.owner and (row.owner.answer.fakta or row.owner.answer.analisis) else explained
        )
        seen, refs = set(), []
        for unit in row.units:
            for att in attachments.get(unit.answer.pk, []):
                if att.evidence_id not in seen:
                    seen.add(att.evidence_id)
                    refs.append(
                        EvidenceRef(
                            att.evidence.title,
                            evidence_url(att.evidence, slug, absolute),
                            unit.unit.short_name,
                        )
                    )
        level = row.final_level
        name = level_name(version, row.indicator, level)
        out.append(
            ExportRow(
                row.indicator.number,
                row.indicator.label,
                row.indicator.name,
                level,
                name,
                source.answer.fakta if source else "",
                source.answer.analisis if source else "",
                tuple(refs),
            )
        )
    return out


def to_csv(export_rows: list[ExportRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in export_rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row.cells()])
    return "\ufeff" + buffer.getvalue()  # the BOM makes Excel read UTF-8


def to_xlsx(export_rows: list[ExportRow], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Jawaban final"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows:
        cells = row.cells()
        if row.level is not None:  # a number in Excel; partial credit as a decimal
            cells[3] = row.level.numerator if row.level.denominator == 1 else float(row.level)
        sheet.append(cells)
    for column, width in zip("ABCDEFGH", (10, 8, 50, 8, 22, 60, 60, 80), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    book.properties.title = title[:250]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
