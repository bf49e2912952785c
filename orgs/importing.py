"""Bulk import of units (OPD) from CSV or Excel: read → validate (preview) → apply.

Nothing is written until `apply_import`, and that refuses a preview with any error. The file
describes units by their short name: a short name that already exists in the institution
updates that unit, any other creates a new one.
"""

import csv
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import record
from orgs.models import Unit
from orgs.services import ServiceError, save_unit

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 50
MAX_SCAN_ROWS = 10 * MAX_ROWS  # an XLSX sheet padded with empty rows is still refused early
LIMITS = {"name": 200, "short_name": 40, "head_name": 200}
COLUMNS = ["name", "short_name", "kind", "parent", "head_name"]
REQUIRED = ["name", "short_name"]
# The canonical (Indonesian) header first, then the other accepted spellings.
HEADERS = {
    "name": ["nama", "name", "nama_unit", "nama_opd", "nama_perangkat_daerah"],
    "short_name": ["nama_singkat", "short_name", "singkatan", "nama_pendek"],
    "kind": ["jenis", "kind", "jenis_unit", "type"],
    "parent": ["induk", "parent", "unit_induk", "induk_singkat"],
    "head_name": ["kepala", "head_name", "head", "nama_kepala", "kepala_unit"],
}
HEADER_ALIASES = {alias: column for column, aliases in HEADERS.items() for alias in aliases}
STATUSES = ["baru", "diperbarui", "tetap", "galat"]
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


# -- reading ------------------------------------------------------------------------------------


def _clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _map_header(cells: list[str]) -> dict[int, str]:
    """Column index → field, refusing a repeated or missing required column."""
    mapping = {}
    for index, cell in enumerate(cells):
        column = HEADER_ALIASES.get(_header_key(cell))
        if column is None:
            continue
        if column in mapping.values():
            raise ImportFileError(
                _("Kolom %(column)s muncul lebih dari sekali di baris judul.")
                % {"column": HEADERS[column][0]}
            )
        mapping[index] = column
    missing = [HEADERS[c][0] for c in REQUIRED if c not in mapping.values()]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ada: %(missing)s. Baris pertama file harus berisi judul kolom: %(all)s.")
            % {"missing": ", ".join(missing), "all": ", ".join(HEADERS[c][0] for c in COLUMNS)}
        )
    return mapping


def _to_dicts(lines) -> list[dict]:
    """(row number, cells) pairs → one dict per non-empty data row, with its row number."""
    mapping, rows = None, []
    for number, raw in lines:
        cells = [_clean(c) for c in raw]
        if not any(cells):
            continue
        if mapping is None:
            mapping = _map_header(cells)
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("File berisi lebih dari %(max)d baris data; bagi menjadi beberapa file.")
                % {"max": MAX_ROWS}
            )
        row = {"row": number}
        row.update({col: (cells[i] if i < len(cells) else "") for i, col in mapping.items()})
        rows.append(row)
    if mapping is None:
        raise ImportFileError(_("File kosong."))
    if not rows:
        raise ImportFileError(_("File hanya berisi baris judul, belum ada baris data unit."))
    return rows


def _csv_lines(data: bytes):
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("File ini bukan CSV atau Excel (.xlsx). Unggah file .csv atau .xlsx."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                'File CSV harus berenkode UTF-8. Di Excel pilih Simpan Sebagai → "CSV UTF-8", '
                "atau unggah file .xlsx."
            )
        )
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max([";", ",", "\t"], key=first.count)
    try:
        return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1))
    except csv.Error as err:
        raise ImportFileError(_("File CSV tidak dapat dibaca: %(error)s") % {"error": err})


def _xlsx_lines(data: bytes):
    try:
        import openpyxl  # heavy; loaded only when an Excel file is handled

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
        lines = list(itertools.islice(enumerate(rows, start=1), MAX_SCAN_ROWS + 1))
        book.close()
    # An uploaded ZIP can be damaged in any number of ways and openpyxl reports them with many
    # exception types (zip, XML, zlib, KeyError, IndexError...); to the user they are all one.
    except Exception:
        raise ImportFileError(
            _("File Excel rusak atau bukan .xlsx. Simpan ulang dari Excel lalu unggah lagi.")
        )
    if len(lines) > MAX_SCAN_ROWS:
        raise ImportFileError(
            _("Lembar kerja terlalu panjang (lebih dari %(max)d baris).") % {"max": MAX_SCAN_ROWS}
        )
    return lines


def read_table(uploaded_file) -> list[dict]:
    """The data rows of an uploaded CSV or XLSX as dicts keyed by column (only the columns the
    file has) plus "row", the row number in the file (the header is row 1)."""
    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("File terlalu besar; batasnya 2 MB."))
    if not data.strip():
        raise ImportFileError(_("File kosong."))
    if data.startswith(XLS_MAGIC):
        raise ImportFileError(_("Format Excel lama (.xls) tidak didukung. Simpan sebagai .xlsx atau CSV."))
    lines = _xlsx_lines(data) if data.startswith(XLSX_MAGIC) else _csv_lines(data)
    return _to_dicts(lines)


# -- validating ---------------------------------------------------------------------------------


@dataclass
class ImportRow:
    """One data row of the file as it will be saved. Columns missing from the file (and an empty
    `jenis`) are filled in from the existing unit, so the row is the unit's final state."""

    row: int
    name: str
    short_name: str
    kind: str
    kind_text: str
    parent: str
    head_name: str
    unit_id: int | None = None
    changed: bool = True
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.short_name.lower()

    @property
    def kind_label(self) -> str:
        return str(dict(Unit.KINDS).get(self.kind, self.kind_text))

    @property
    def status(self) -> str:
        if self.errors:
            return "galat"
        if self.unit_id is None:
            return "baru"
        return "diperbarui" if self.changed else "tetap"


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    file_name: str = ""

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        """Rows per status: baru, diperbarui, tetap (unchanged) and galat."""
        return {status: 0 for status in STATUSES} | Counter(r.status for r in self.rows)

    @property
    def to_save(self) -> int:
        return self.counts["baru"] + self.counts["diperbarui"]


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def kind_aliases() -> dict[str, str]:
    """Accepted spellings of each kind: its key, its Indonesian label (and each part of a label
    such as "Sekretariat/Bagian") and its label in the current language."""
    aliases = {}
    for key, label in Unit.KINDS:
        with translation.override("id"):
            indonesian = str(label)
        for text in {key, indonesian, *indonesian.split("/"), str(label)}:
            aliases[_norm(text)] = key
    return aliases


FIELD_LABELS = {
    "name": gettext_lazy("Nama"),
    "short_name": gettext_lazy("Nama singkat"),
    "head_name": gettext_lazy("Nama kepala"),
}


def _parse_row(raw: dict, existing: dict, kinds: dict) -> ImportRow:
    text = {c: str(raw.get(c) or "") for c in COLUMNS}
    unit = existing.get(text["short_name"].lower())
    row = ImportRow(
        row=int(raw.get("row") or 0),
        name=text["name"],
        short_name=text["short_name"],
        kind="",
        kind_text=text["kind"],
        parent=text["parent"],
        head_name=text["head_name"],
        unit_id=unit.pk if unit else None,
    )
    if unit is not None and "parent" not in raw:
        row.parent = unit.parent.short_name if unit.parent_id else ""
    if unit is not None and "head_name" not in raw:
        row.head_name = unit.head_name
    if row.kind_text:
        row.kind = kinds.get(_norm(row.kind_text), "")
        if not row.kind:
            row.errors.append(
                _("Jenis “%(kind)s” tidak dikenal. Pilih salah satu: %(allowed)s.")
                % {"kind": row.kind_text, "allowed": ", ".join(k for k, _l in Unit.KINDS)}
            )
    else:
        row.kind = unit.kind if unit is not None else "lainnya"
    if not row.name:
        row.errors.append(_("Nama wajib diisi."))
    if not row.short_name:
        row.errors.append(_("Nama singkat wajib diisi."))
    for column, limit in LIMITS.items():
        if len(getattr(row, column)) > limit:
            row.errors.append(
                _("%(field)s terlalu panjang: %(length)d karakter, maksimal %(max)d.")
                % {"field": FIELD_LABELS[column], "length": len(getattr(row, column)), "max": limit}
            )
    return row


def _check_duplicates(rows: list[ImportRow], column: str) -> None:
    groups: dict[str, list[ImportRow]] = {}
    for row in rows:
        if getattr(row, column):
            groups.setdefault(getattr(row, column).lower(), []).append(row)
    for group in groups.values():
        if len(group) < 2:
            continue
        numbers = ", ".join(str(r.row) for r in group)
        for row in group:
            row.errors.append(
                _("%(field)s “%(value)s” muncul lebih dari sekali dalam file (baris %(rows)s).")
                % {"field": FIELD_LABELS[column], "value": getattr(row, column), "rows": numbers}
            )


def _check_names_taken(rows: list[ImportRow], units: list[Unit]) -> None:
    by_name = {u.name.lower(): u for u in units}
    for row in rows:
        other = by_name.get(row.name.lower())
        if other is not None and other.pk != row.unit_id:
            row.errors.append(
                _("Nama “%(name)s” sudah dipakai unit lain (%(other)s).")
                % {"name": row.name, "other": other.short_name}
            )


def _cycle(start: str, graph: dict[str, str]) -> list[str] | None:
    path, current = [start], graph.get(start, "")
    while current and current not in path:
        path.append(current)
        current = graph.get(current, "")
    return path + [start] if current == start else None


def _check_parents(rows: list[ImportRow], units: list[Unit]) -> None:
    """Each parent must exist (in the institution or the file) and the resulting tree, with
    the file's changes applied, must have no cycle."""
    graph = {u.short_name.lower(): (u.parent.short_name.lower() if u.parent_id else "") for u in units}
    shown = {u.short_name.lower(): u.short_name for u in units}
    for row in rows:
        if row.short_name:
            graph[row.key], shown[row.key] = row.parent.lower(), row.short_name
    for row in rows:
        if not row.parent or not row.short_name:
            continue
        if row.parent.lower() == row.key:
            row.errors.append(_("Unit tidak boleh menjadi induk bagi dirinya sendiri."))
        elif row.parent.lower() not in shown:
            row.errors.append(
                _(
                    "Unit induk “%(parent)s” tidak ditemukan: tidak ada unit dengan nama singkat "
                    "itu di instansi ini maupun di file."
                )
                % {"parent": row.parent}
            )
        elif path := _cycle(row.key, graph):
            row.errors.append(_("Induk melingkar: %(path)s.") % {"path": " → ".join(shown[k] for k in path)})


def _differs(row: ImportRow, unit: Unit) -> bool:
    parent = unit.parent.short_name.lower() if unit.parent_id else ""
    old = (unit.name, unit.kind, parent, unit.head_name)
    return (row.name, row.kind, row.parent.lower(), row.head_name) != old


def validate_rows(institution, rows: list[dict], file_name: str = "") -> ImportPreview:
    """Check every row against the file and the institution's units; write nothing."""
    units = list(Unit.objects.filter(institution=institution).select_related("parent"))
    existing = {u.short_name.lower(): u for u in units}
    kinds = kind_aliases()
    results = [_parse_row(raw, existing, kinds) for raw in rows]
    _check_duplicates(results, "short_name")
    _check_duplicates(results, "name")
    _check_names_taken(results, units)
    _check_parents(results, units)
    for row in results:
        if row.unit_id is not None:
            row.changed = _differs(row, existing[row.key])
    return ImportPreview(rows=results, file_name=file_name)


# -- applying -----------------------------------------------------------------------------------


def _parents_first(rows: list[ImportRow]) -> list[ImportRow]:
    """Rows ordered so that a parent in the file is saved before its children."""
    pending = {r.key: r for r in rows}
    depth: dict[str, int] = {}
    for row in rows:
        chain, key = [], row.key
        while key in pending and key not in depth and key not in chain:
            chain.append(key)
            key = pending[key].parent.lower()
        level = depth.get(key, -1)
        for k in reversed(chain):
            level += 1
            depth[k] = level
    return sorted(rows, key=lambda r: depth[r.key])


def _save_units(actor, institution, rows: list[ImportRow], request) -> None:
    units = {u.short_name.lower(): u for u in Unit.objects.filter(institution=institution)}
    for row in _parents_first(rows):
        unit = units.get(row.key) or Unit(institution=institution, short_name=row.short_name)
        parent = units.get(row.parent.lower()) if row.parent else None
        if row.parent and parent is None:
            raise ServiceError(_("Unit induk “%(parent)s” tidak ditemukan.") % {"parent": row.parent})
        unit.institution = institution
        unit.name, unit.kind, unit.head_name, unit.parent = row.name, row.kind, row.head_name, parent
        units[row.key] = save_unit(actor, unit, request=request)


def apply_import(actor, institution, preview: ImportPreview, request=None) -> tuple[int, int]:
    """Save a clean preview; return (created, updated).

    1. Refuse a preview with any error.
    2. In one transaction, save the new and changed units parents-first, so a parent that comes
       later in the file exists before its children and every unit is saved (and audited, through
       `save_unit`) exactly once. Unchanged rows are skipped.
    3. Record one summary entry `unit.import`.
    Any failure rolls everything back.
    """
    if preview.has_errors:
        raise ServiceError(_("File masih mengandung galat; tidak ada unit yang disimpan."))
    rows = [r for r in preview.rows if r.status in ("baru", "diperbarui")]
    created, updated = preview.counts["baru"], preview.counts["diperbarui"]
    try:
        with transaction.atomic():
            _save_units(actor, institution, rows, request)
            record(
                "unit.import",
                actor=actor,
                institution=institution,
                request=request,
                after={"created": created, "updated": updated, "file": preview.file_name},
            )
    except IntegrityError:
        raise ServiceError(
            _(
                "Data unit berubah selama impor sehingga nama bentrok. "
                "Tidak ada unit yang disimpan; unggah ulang file."
            )
        )
    return created, updated
