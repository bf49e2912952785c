"""The offline Excel sheet of a unit assessment: render → read back → preview → apply.

The download holds one row per answer plus a hidden sheet "_swanilai" whose integrity block is
signed with the SECRET_KEY: the assessment, unit, campaign and framework ids, the row where the
answers start, and per row (answer id, indicator number, version at download, digest of the
values at download). On upload the signature proves the block is ours and unaltered; the block
then says whose sheet it is and which rows the visible sheet must hold, in which order.

The digest tells apart a row the user changed offline from one they left alone: a row left
alone whose answer was edited on the web since is simply kept as the web has it, and a row
changed on both sides is a conflict that is applied only when the user says "timpa".

openpyxl is imported at module level, so views import this module inside the view function.
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import openpyxl
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from assessment import services
from assessment.models import Answer, AnswerEvidence, UnitAssessment
from audit.services import record
from instrument.models import Indicator

FORMAT = 1
SALT = "swanilai.assessment.excel"
MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # a 5 MB ZIP must not unpack into gigabytes
MAX_SCAN_ROWS = 5000
EXCEL_CELL_LIMIT = 32767
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SHEET_ANSWERS, SHEET_EVIDENCE, SHEET_META = "Jawaban", "Data dukung", "_swanilai"
# Visible columns of "Jawaban": key, title, width, filled in by the user.
COLUMNS = [
    ("label", gettext_lazy("No."), 8, False),
    ("name", gettext_lazy("Indikator"), 30, False),
    ("question", gettext_lazy("Pertanyaan"), 36, False),
    ("criteria", gettext_lazy("Kriteria tiap level"), 60, False),
    ("level", gettext_lazy("Level"), 8, True),
    ("fakta", "FAKTA", 45, True),
    ("analisis", "ANALISIS", 45, True),
    ("version", gettext_lazy("Versi"), 7, False),
    ("answer", gettext_lazy("ID jawaban"), 10, False),
]
COL = {key: index for index, (key, *_rest) in enumerate(COLUMNS)}
EVIDENCE_COLUMNS = [
    (gettext_lazy("No."), 8),
    (gettext_lazy("Indikator"), 30),
    (gettext_lazy("Butir"), 14),
    (gettext_lazy("Judul"), 45),
    (gettext_lazy("Berkas / tautan"), 45),
    (gettext_lazy("Tanggal dokumen"), 14),
]
LETTER = openpyxl.utils.get_column_letter

BOLD = Font(bold=True)
MUTED = Font(color="6A737D", size=9)
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)


class ExcelFileError(ValueError):
    """The uploaded file as a whole is refused; the message says why, in Indonesian."""


def tampered() -> ExcelFileError:
    return ExcelFileError(
        _("Lembar Excel ini telah diubah strukturnya atau bukan unduhan Swanilai; unduh ulang lembarnya.")
    )


# -- values as a cell holds them ---------------------------------------------------------------


def cell_text(value) -> str:
    """Text as it comes back from a cell: what Excel can hold, line ends normalised, trimmed.

    Applied to both the database value (when writing and when comparing) and the uploaded value,
    so text Excel cannot hold exactly (control characters, > 32767 characters) never counts as
    a change by itself."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text[:EXCEL_CELL_LIMIT].strip()


def digest(level, fakta: str, analisis: str) -> str:
    data = json.dumps([level, cell_text(fakta), cell_text(analisis)], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:20]


def signature(block: dict) -> str:
    payload = json.dumps(block, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return salted_hmac(SALT, payload, algorithm="sha256").hexdigest()


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


# -- download ----------------------------------------------------------------------------------


def file_name(assessment: UnitAssessment) -> str:
    return slugify(f"swanilai-{assessment.campaign.name}-{assessment.unit.short_name}") + ".xlsx"


def sheet_answers(assessment: UnitAssessment) -> list[Answer]:
    return list(
        assessment.answers.select_related("indicator")
        .prefetch_related("indicator__criteria")
        .order_by("indicator__number")
    )


def criteria_text(indicator: Indicator, level_names: dict) -> str:
    lines = []
    criteria = sorted(indicator.criteria.all(), key=lambda c: c.level)
    if not criteria:
        return "\n".join(f"{level} · {name}" for level, name in level_names.items())
    for c in criteria:
        text = c.text if c.is_known else _("(kriteria belum diketahui: %(why)s)") % {"why": c.unknown_reason}
        lines.append(f"{c.level} · {c.level_name}: {text}")
    return "\n".join(lines)


def _put(sheet, row: int, column: int, value, **style):
    cell = sheet.cell(row=row, column=column + 1)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_LIMIT]
        cell.data_type = "s"  # text starting with "=" stays text, never a formula
    else:
        cell.value = value
    for name, style_value in style.items():
        setattr(cell, name, style_value)
    return cell


def _row_height(texts_and_widths) -> float:
    """Excel does not grow rows for wrapped text it did not lay out itself; estimate."""
    lines = 1
    for text, width in texts_and_widths:
        count = sum(max(1, -(-len(line) // max(width - 2, 1))) for line in str(text or "").split("\n"))
        lines = max(lines, count)
    return min(409, 15 * lines + 3)


def _write_header_block(sheet, assessment: UnitAssessment, now) -> int:
    """The header block; returns the row of the table header."""
    campaign, version = assessment.campaign, assessment.campaign.framework_version
    institution = campaign.institution
    local = timezone.localtime(now, ZoneInfo(institution.time_zone))
    _put(sheet, 1, 0, _("Lembar jawaban penilaian mandiri · Swanilai"), font=Font(bold=True, size=14))
    pairs = [
        (_("Instansi"), institution.name),
        (_("Unit"), f"{assessment.unit.name} ({assessment.unit.short_name})"),
        (_("Periode"), campaign.name),
        (
            _("Instrumen"),
            _("%(title)s · %(slug)s versi %(number)s")
            % {"title": version.short_title, "slug": version.slug, "number": version.number},
        ),
        (_("ID penilaian"), assessment.pk),
        (_("Putaran"), assessment.round),
        (_("Dibuat"), f"{local:%d-%m-%Y %H:%M} {institution.zone_abbreviation}"),
    ]
    for offset, (label, value) in enumerate(pairs, start=2):
        _put(sheet, offset, 0, label, font=BOLD)
        _put(sheet, offset, 1, value, alignment=Alignment(horizontal="left"))
    note = _(
        "Isi hanya kolom Level, FAKTA dan ANALISIS (berlatar kuning), lalu unggah kembali di Swanilai. "
        "Jangan menambah, menghapus atau mengurutkan ulang baris."
    )
    _put(sheet, len(pairs) + 2, 0, note, font=Font(italic=True))
    return len(pairs) + 3


def _write_answers(sheet, assessment: UnitAssessment, answers: list[Answer]) -> int:
    """The "Jawaban" sheet; returns the row of the first answer."""
    version = assessment.campaign.framework_version
    scales = version.parsed()["scales"]
    header_row = _write_header_block(sheet, assessment, timezone.now())
    for index, (_key, title, width, _editable) in enumerate(COLUMNS):
        _put(sheet, header_row, index, str(title), font=BOLD, fill=HEAD_FILL, alignment=WRAP_TOP)
        sheet.column_dimensions[LETTER(index + 1)].width = width
    first = header_row + 1
    for row, answer in enumerate(answers, start=first):
        indicator = answer.indicator
        values = {
            "label": indicator.label,
            "name": indicator.name,
            "question": indicator.question,
            "criteria": criteria_text(indicator, scales[indicator.scale]["levels"]),
            "level": answer.level,
            "fakta": answer.fakta,
            "analisis": answer.analisis,
            "version": answer.version,
            "answer": answer.pk,
        }
        for index, (key, _title, _width, editable) in enumerate(COLUMNS):
            cell = _put(sheet, row, index, values[key], alignment=WRAP_TOP)
            if editable:
                cell.protection, cell.fill = UNLOCKED, INPUT_FILL
            elif key in ("version", "answer"):
                cell.font = MUTED
        sheet.row_dimensions[row].height = _row_height(
            (values[key], width)
            for key, _title, width, _e in COLUMNS
            if key in ("name", "question", "criteria", "fakta", "analisis")
        )
    last = first + len(answers) - 1
    levels = ",".join(str(n) for n in version.level_range)
    dropdown = DataValidation(
        type="list",
        formula1=f'"{levels}"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=_("Level tidak sah"),
        error=_("Level harus salah satu dari %(levels)s.") % {"levels": levels},
        promptTitle=_("Level"),
        prompt=_("Pilih %(levels)s, atau kosongkan.") % {"levels": levels},
    )
    sheet.add_data_validation(dropdown)
    if answers:
        column = LETTER(COL["level"] + 1)
        dropdown.add(f"{column}{first}:{column}{last}")
    sheet.freeze_panes = f"A{first}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)
    return first


def _protect(sheet) -> None:
    """Guidance only (no password): the real check is the signed block on upload."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column or row is fine
    sheet.protection.formatRows = False


def _write_evidence(sheet, assessment: UnitAssessment, file_url) -> None:
    attachments = (
        AnswerEvidence.objects.filter(answer__assessment=assessment)
        .select_related("evidence", "answer__indicator")
        .order_by("answer__indicator__number", "item_code", "attached_at")
    )
    for index, (title, width) in enumerate(EVIDENCE_COLUMNS):
        _put(sheet, 1, index, str(title), font=BOLD, fill=HEAD_FILL)
        sheet.column_dimensions[LETTER(index + 1)].width = width
    row = 1
    for row, item in enumerate(attachments, start=2):
        evidence, indicator = item.evidence, item.answer.indicator
        where = (
            evidence.url if evidence.kind == evidence.LINK else evidence.original_name or evidence.file.name
        )
        for index, value in enumerate(
            [
                indicator.label,
                indicator.short_name,
                item.item_code,
                evidence.title,
                where,
                evidence.document_date,
            ]
        ):
            _put(sheet, row, index, value, alignment=WRAP_TOP)
        link = evidence.url if evidence.kind == evidence.LINK else file_url(evidence) if file_url else ""
        if link.startswith(("https://", "http://")):
            sheet.cell(row=row, column=5).hyperlink = link
        sheet.cell(row=row, column=6).number_format = "DD-MM-YYYY"
    if row == 1:
        _put(sheet, 2, 0, _("Belum ada data dukung yang dilampirkan."), font=Font(italic=True))
    sheet.freeze_panes = "A2"
    _protect(sheet)


def integrity_block(assessment: UnitAssessment, answers: list[Answer], first_row: int) -> dict:
    version = assessment.campaign.framework_version
    return {
        "format": FORMAT,
        "assessment": assessment.pk,
        "unit": assessment.unit_id,
        "campaign": assessment.campaign_id,
        "framework": version.slug,
        "framework_version": version.number,
        "first_row": first_row,
        "rows": [
            [a.pk, a.indicator.number, a.version, digest(a.level, a.fakta, a.analisis)] for a in answers
        ],
    }


def _write_meta(sheet, block: dict) -> None:
    keys = ["format", "assessment", "unit", "campaign", "framework", "framework_version", "first_row"]
    for row, key in enumerate(keys, start=1):
        _put(sheet, row, 0, key)
        _put(sheet, row, 1, block[key])
    _put(sheet, len(keys) + 1, 0, "signature")
    _put(sheet, len(keys) + 1, 1, signature(block))
    for column, title in enumerate(["answer", "indicator", "version", "digest"]):
        _put(sheet, len(keys) + 3, column, title)
    for row, values in enumerate(block["rows"], start=len(keys) + 4):
        for column, value in enumerate(values):
            _put(sheet, row, column, value)
    sheet.sheet_state = "hidden"
    _protect(sheet)


def render_workbook(assessment: UnitAssessment, file_url=None) -> bytes:
    """The .xlsx of `assessment`; `file_url(evidence)`, if given, links each stored file."""
    answers = sheet_answers(assessment)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET_ANSWERS
    first = _write_answers(sheet, assessment, answers)
    _write_evidence(book.create_sheet(SHEET_EVIDENCE), assessment, file_url)
    _write_meta(book.create_sheet(SHEET_META), integrity_block(assessment, answers, first))
    book.security = WorkbookProtection(lockStructure=True)  # keeps "_swanilai" hidden, as guidance
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- upload: reading and checking --------------------------------------------------------------


def _refuse_other_formats(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise ExcelFileError(_("File terlalu besar; batasnya 5 MB."))
    if not data.strip():
        raise ExcelFileError(_("File kosong."))
    if data.startswith(b"PK\x03\x04"):
        return
    again = _("Unggah lembar .xlsx yang diunduh dari Swanilai.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        kind = _("Format Excel lama (.xls) tidak didukung.")
    elif data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"RIFF")):
        kind = _("File ini berupa gambar, bukan lembar Excel.")
    elif data.startswith(b"%PDF"):
        kind = _("File ini berupa PDF, bukan lembar Excel.")
    elif b"\x00" not in data[:4096]:
        kind = _("File ini berupa teks (misalnya CSV), bukan lembar Excel (.xlsx).")
    else:
        kind = _("File ini bukan lembar Excel (.xlsx).")
    raise ExcelFileError(f"{kind} {again}")


def _load(data: bytes):
    broken = ExcelFileError(_("File Excel rusak atau bukan .xlsx. Simpan ulang dari Excel lalu unggah lagi."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise broken
    if unpacked > MAX_UNZIPPED_BYTES:
        raise ExcelFileError(_("Isi file Excel terlalu besar."))
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # A damaged or foreign ZIP fails inside openpyxl with many exception types (zip, XML, KeyError,
    # TypeError...); to the user they are all the same broken file.
    except Exception:
        raise broken


def _rows(sheet, min_row: int = 1, max_col: int = len(COLUMNS)) -> list[tuple]:
    rows = []
    for values in sheet.iter_rows(min_row=min_row, max_col=max_col, values_only=True):
        rows.append(values)
        if len(rows) > MAX_SCAN_ROWS:
            raise ExcelFileError(
                _("Lembar kerja terlalu panjang (lebih dari %(max)d baris).") % {"max": MAX_SCAN_ROWS}
            )
    while rows and not any(v not in (None, "") for v in rows[-1]):
        rows.pop()
    return rows


def _read_block(book) -> dict:
    """The integrity block of the hidden sheet, checked against its signature."""
    if SHEET_META not in book.sheetnames:
        raise tampered()
    cells = [tuple(r) + (None,) * (4 - len(r)) for r in _rows(book[SHEET_META], max_col=4)]
    starts = [i for i, r in enumerate(cells) if r[0] == "answer"]
    if len(starts) != 1:
        raise tampered()
    head = {r[0]: r[1] for r in cells[: starts[0]] if isinstance(r[0], str)}
    try:
        block = {
            key: _whole_number(head[key])
            for key in ("format", "assessment", "unit", "campaign", "framework_version", "first_row")
        }
        block["framework"] = str(head["framework"])
        block["rows"] = [
            [_whole_number(r[0]), _whole_number(r[1]), _whole_number(r[2]), str(r[3])]
            for r in cells[starts[0] + 1 :]
            if any(v not in (None, "") for v in r)
        ]
        claimed = str(head["signature"])
    except KeyError:
        raise tampered()
    if block["format"] != FORMAT or not constant_time_compare(signature(block), claimed):
        raise tampered()
    return block


def _check_owner(assessment: UnitAssessment, block: dict) -> None:
    version = assessment.campaign.framework_version
    if block["unit"] != assessment.unit_id:
        raise ExcelFileError(
            _("Lembar ini milik unit lain, bukan %(unit)s. Unduh lembar unit ini dan isi di sana.")
            % {"unit": assessment.unit.name}
        )
    if (block["framework"], block["framework_version"]) != (version.slug, version.number):
        raise ExcelFileError(
            _("Lembar ini memakai instrumen lain (%(sheet)s versi %(n)s), bukan %(ours)s.")
            % {"sheet": block["framework"], "n": block["framework_version"], "ours": version}
        )
    if block["campaign"] != assessment.campaign_id or block["assessment"] != assessment.pk:
        raise ExcelFileError(
            _("Lembar ini milik periode penilaian lain, bukan %(campaign)s.")
            % {"campaign": assessment.campaign.name}
        )


@dataclass
class SheetRow:
    """One answer row as read from the upload; plain values, so it can wait in the session."""

    row: int
    answer: int
    level: object
    fakta: str
    analisis: str
    version: int
    edited: bool

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def read_upload(uploaded_file, assessment: UnitAssessment) -> list[SheetRow]:
    """The answer rows of an uploaded sheet of `assessment`, or ExcelFileError.

    1. Refuse what is not an XLSX by its content (size, magic bytes, ZIP sanity).
    2. Read the signed block from "_swanilai"; a missing or altered block is refused.
    3. Refuse a sheet of another unit, framework or campaign.
    4. The visible rows from the block's first row must hold the block's (answer id, indicator
       number) pairs, same order, nothing added or removed.
    """
    data = uploaded_file.read(MAX_BYTES + 1)
    _refuse_other_formats(data)
    book = _load(data)
    try:
        block = _read_block(book)
        _check_owner(assessment, block)
        if SHEET_ANSWERS not in book.sheetnames or not block["first_row"]:
            raise tampered()
        visible = _rows(book[SHEET_ANSWERS], min_row=block["first_row"])
    finally:
        book.close()
    labels = dict(
        Indicator.objects.filter(version=assessment.campaign.framework_version).values_list("number", "code")
    )
    if len(visible) != len(block["rows"]):
        raise tampered()
    rows = []
    for offset, (cells, (answer_id, number, version, downloaded)) in enumerate(
        zip(visible, block["rows"], strict=True)
    ):
        cells = tuple(cells) + (None,) * (len(COLUMNS) - len(cells))
        label = labels.get(number) or str(number)
        if _whole_number(cells[COL["answer"]]) != answer_id or cell_text(cells[COL["label"]]) != label:
            raise tampered()
        level = _level_value(cells[COL["level"]])
        fakta, analisis = cell_text(cells[COL["fakta"]]), cell_text(cells[COL["analisis"]])
        rows.append(
            SheetRow(
                row=block["first_row"] + offset,
                answer=answer_id,
                level=level,
                fakta=fakta,
                analisis=analisis,
                version=version,
                edited=digest(level, fakta, analisis) != downloaded,
            )
        )
    return rows


def _level_value(value):
    """A whole number, None for an empty cell, or the text as typed (check_level then refuses it)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = _whole_number(value)
    return number if number is not None else cell_text(value)


# -- preview -----------------------------------------------------------------------------------

CHANGE, CONFLICT, SAME, KEPT, ERROR = "change", "conflict", "same", "kept", "error"


@dataclass
class RowPreview:
    sheet: SheetRow
    answer: Answer
    level: int | None = None
    status: str = SAME
    errors: list[str] = field(default_factory=list)

    @property
    def level_changed(self) -> bool:
        return self.level != self.answer.level

    @property
    def fakta_changed(self) -> bool:
        return self.sheet.fakta != cell_text(self.answer.fakta)

    @property
    def analisis_changed(self) -> bool:
        return self.sheet.analisis != cell_text(self.answer.analisis)

    @property
    def fakta_excerpt(self) -> str:
        return Truncator(self.sheet.fakta).chars(120)

    @property
    def analisis_excerpt(self) -> str:
        return Truncator(self.sheet.analisis).chars(120)

    def new_values(self) -> services.AnswerInput:
        """What to save; a text equal to the stored one as Excel shows it keeps the stored one."""
        a = self.answer
        return services.AnswerInput(
            self.level,
            a.fakta if not self.fakta_changed else self.sheet.fakta,
            a.analisis if not self.analisis_changed else self.sheet.analisis,
        )


@dataclass
class ExcelPreview:
    rows: list[RowPreview]
    file_name: str = ""

    def _with(self, status) -> list[RowPreview]:
        return [r for r in self.rows if r.status == status]

    @property
    def changes(self):
        return self._with(CHANGE)

    @property
    def conflicts(self):
        return self._with(CONFLICT)

    @property
    def errors(self):
        return self._with(ERROR)

    @property
    def unchanged(self) -> int:
        return len(self._with(SAME))

    @property
    def kept(self) -> int:
        return len(self._with(KEPT))

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def to_save(self) -> int:
        return len(self.changes) + len(self.conflicts)

    def snapshot(self) -> list:
        """What confirming this preview means: per row its status and the database version."""
        return [[r.answer.pk, r.status, r.answer.version] for r in self.rows]


def build_preview(assessment: UnitAssessment, rows: list[SheetRow], file_name: str = "") -> ExcelPreview:
    """Compare the sheet's rows with the answers as they are now; write nothing."""
    answers = {a.pk: a for a in assessment.answers.select_related("indicator", "updated_by")}
    stale = ExcelFileError(
        _("Lembar ini tidak lagi cocok dengan daftar jawaban penilaian ini; unduh ulang lembarnya.")
    )
    result = []
    for sheet in rows:
        answer = answers.get(sheet.answer)
        if answer is None:
            raise stale
        answer.assessment = assessment
        result.append(_classify(RowPreview(sheet=sheet, answer=answer)))
    return ExcelPreview(rows=result, file_name=file_name)


def _classify(row: RowPreview) -> RowPreview:
    sheet, answer = row.sheet, row.answer
    try:
        row.level = services.check_level(answer, sheet.level)
    except services.AssessmentError as exc:
        row.status = ERROR
        row.errors.append(
            _("Baris %(row)d (indikator %(label)s): %(error)s")
            % {"row": sheet.row, "label": answer.indicator.label, "error": exc}
        )
        return row
    if not (row.level_changed or row.fakta_changed or row.analisis_changed):
        row.status = SAME
    elif not sheet.edited:
        row.status = KEPT  # untouched offline, edited on the web since: the web wins
    else:
        row.status = CONFLICT if sheet.version != answer.version else CHANGE
        try:
            services.ensure_revisable(answer)  # returned for revision: only the rows asked for
        except services.AssessmentError as exc:
            row.status = ERROR
            row.errors.append(
                _("Baris %(row)d (indikator %(label)s): %(error)s")
                % {"row": sheet.row, "label": answer.indicator.label, "error": exc}
            )
    return row


# -- applying ----------------------------------------------------------------------------------


def apply_preview(
    actor, assessment: UnitAssessment, preview: ExcelPreview, overwrite: set[int], request=None
) -> int:
    """Save a clean preview's changes, and its conflicts named in `overwrite`; return how many.

    All rows go through `services.save_answer` (the web form's own service) in one transaction,
    each expecting the database version the preview showed, so an edit made after the preview
    raises EditConflict and rolls everything back. One "assessment.excel_import" entry sums up.
    """
    if preview.has_errors:
        raise services.AssessmentError(_("Lembar masih mengandung galat; tidak ada jawaban yang disimpan."))
    rows = preview.changes + [r for r in preview.conflicts if r.answer.pk in overwrite]
    with transaction.atomic():
        locked = UnitAssessment.objects.select_for_update().select_related("campaign").get(pk=assessment.pk)
        services.ensure_editable(locked)
        for row in rows:
            services.save_answer(actor, row.answer, row.new_values(), row.answer.version, request=request)
        if rows:
            record(
                "assessment.excel_import",
                actor=actor,
                obj=assessment,
                institution=assessment.campaign.institution,
                request=request,
                after={
                    "changed": len(rows),
                    "file": preview.file_name,
                    "overwritten": sum(1 for r in rows if r.status == CONFLICT),
                },
            )
    return len(rows)
