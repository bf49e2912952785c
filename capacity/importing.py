"""Bulk import of staff from CSV or Excel: read → validate (preview) → apply.

The approach of orgs/importing.py: nothing is written until the user confirms a preview with
no errors, and the rows are validated again on confirm. The import only creates people: a NIP
that is already registered in the institution is an error, never an update.
"""

import csv
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

import openpyxl
from django.utils.translation import gettext as _

from capacity.catalogue import catalogue
from capacity.models import Staff
from capacity.services import CapacityError, check_nip
from orgs.models import Unit

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 30
LIMITS = {"name": 200, "position": 200}
COLUMNS = ["name", "nip", "position", "employment", "unit", "role"]
# The canonical (Indonesian) header first, then the other accepted spellings.
HEADERS = {
    "name": ["nama", "name", "nama_lengkap", "nama_pegawai"],
    "nip": ["nip", "ni_pppk", "nomor_induk"],
    "position": ["jabatan", "position", "nama_jabatan"],
    "employment": ["status_kepegawaian", "status", "jenis_pegawai", "employment"],
    "unit": ["unit", "opd", "unit_kerja", "perangkat_daerah", "nama_singkat_unit"],
    "role": ["peran_digital", "peran", "role", "peran_layanan_digital"],
}
HEADER_ALIASES = {alias: column for column, aliases in HEADERS.items() for alias in aliases}
EMPLOYMENT_ALIASES = {
    "pns": Staff.PNS,
    "pppk": Staff.PPPK,
    "p3k": Staff.PPPK,
    "non-asn": Staff.NON_ASN,
    "non asn": Staff.NON_ASN,
    "nonasn": Staff.NON_ASN,
    "non_asn": Staff.NON_ASN,
    "honorer": Staff.NON_ASN,
    "ptt": Staff.NON_ASN,
    "thl": Staff.NON_ASN,
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why."""


# -- reading ----------------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # A number cell: an 18-digit NIP typed as a number has lost its last digits in Excel.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return " ".join(str(value).split())


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _map_header(cells: list[str]) -> dict[int, str]:
    mapping = {}
    for index, cell in enumerate(cells):
        column = HEADER_ALIASES.get(_header_key(cell))
        if column is not None and column not in mapping.values():
            mapping[index] = column
    missing = [HEADERS[c][0] for c in ("name", "role") if c not in mapping.values()]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ada: %(missing)s. Baris pertama harus berisi judul kolom: %(all)s.")
            % {"missing": ", ".join(missing), "all": ", ".join(HEADERS[c][0] for c in COLUMNS)}
        )
    return mapping


def _to_dicts(lines) -> list[dict]:
    mapping, rows = None, []
    for number, raw in lines:
        cells = [_cell(c) for c in raw]
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
        rows.append(
            {"row": number} | {col: (cells[i] if i < len(cells) else "") for i, col in mapping.items()}
        )
    if not rows:
        raise ImportFileError(_("File belum berisi baris data pegawai."))
    return rows


def _lines(data: bytes):
    if data.startswith(b"PK\x03\x04"):
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = book.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
            lines = list(itertools.islice(enumerate(rows, start=1), 10 * MAX_ROWS))
            book.close()
        except Exception:  # a damaged package fails in many ways; to the user they are one
            raise ImportFileError(
                _("File Excel rusak atau bukan .xlsx. Simpan ulang dari Excel lalu unggah lagi.")
            )
        return lines
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("File ini bukan CSV atau Excel (.xlsx)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_('File CSV harus berenkode UTF-8 (di Excel: Simpan Sebagai → "CSV UTF-8").'))
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max([";", ",", "\t"], key=first.count)
    return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1))


def read_table(uploaded_file) -> list[dict]:
    """Data rows of an uploaded CSV or XLSX as dicts by column, with "row" (the file's row number)."""
    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("File terlalu besar; batasnya 2 MB."))
    if not data.strip():
        raise ImportFileError(_("File kosong."))
    return _to_dicts(_lines(data))


# -- validating ---------------------------------------------------------------------------------------


@dataclass
class StaffRow:
    row: int
    name: str
    nip: str
    position: str
    employment: str
    unit: Unit | None
    unit_text: str
    role: str
    role_text: str
    errors: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "galat" if self.errors else "baru"

    @property
    def role_name(self) -> str:
        role = catalogue().role(self.role)
        return role.name if role else self.role_text

    @property
    def employment_label(self) -> str:
        return str(dict(Staff.EMPLOYMENT).get(self.employment, self.employment))

    def as_staff(self) -> Staff:
        return Staff(
            institution_id=self.unit.institution_id,
            unit=self.unit,
            name=self.name,
            nip=self.nip,
            position=self.position,
            employment=self.employment,
            digital_role=self.role,
        )


@dataclass
class StaffPreview:
    rows: list[StaffRow]
    file_name: str = ""

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {"baru": 0, "galat": 0} | Counter(r.status for r in self.rows)


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def _lookup_tables(institution):
    units = {}
    for unit in Unit.objects.filter(institution=institution):
        units.setdefault(_norm(unit.name), unit)
        units[_norm(unit.short_name)] = unit
    roles = {}
    for role in catalogue().roles:
        roles[_norm(role.code)] = roles[_norm(role.name)] = role.code
    return units, roles


def _employment(text: str, nip: str) -> str:
    if text:
        return EMPLOYMENT_ALIASES.get(_norm(text), "")
    if not nip:
        return Staff.NON_ASN
    return Staff.PPPK if len(nip) == 18 and nip[12:14] == "21" else Staff.PNS


def _parse(raw: dict, units: dict, roles: dict, editable, default_unit) -> StaffRow:
    text = {c: str(raw.get(c) or "") for c in COLUMNS}
    nip = "".join(text["nip"].split())
    row = StaffRow(
        row=int(raw.get("row") or 0),
        name=text["name"],
        nip=nip,
        position=text["position"],
        employment=_employment(text["employment"], nip),
        unit=units.get(_norm(text["unit"])),
        unit_text=text["unit"],
        role=roles.get(_norm(text["role"]), ""),
        role_text=text["role"],
    )
    if not text["unit"] and default_unit is not None:
        row.unit, row.unit_text = default_unit, default_unit.short_name
    if not row.name:
        row.errors.append(_("Nama wajib diisi."))
    for column, limit in LIMITS.items():
        if len(getattr(row, column)) > limit:
            row.errors.append(
                _("Isi kolom %(column)s terlalu panjang (maksimal %(max)d karakter).")
                % {"column": HEADERS[column][0], "max": limit}
            )
    if row.unit is None:
        row.errors.append(
            _("Unit “%(unit)s” tidak ditemukan di instansi ini; tulis nama singkat unit.")
            % {"unit": row.unit_text}
            if row.unit_text
            else _("Unit wajib diisi.")
        )
    elif editable is not None and row.unit.pk not in editable:
        row.errors.append(
            _("Anda hanya dapat mengimpor pegawai unit Anda sendiri, bukan %(unit)s.")
            % {"unit": row.unit.short_name}
        )
    if not row.role:
        row.errors.append(
            _("Peran digital “%(role)s” tidak dikenal. Pilih salah satu: %(allowed)s.")
            % {"role": row.role_text, "allowed": ", ".join(r.code for r in catalogue().roles)}
        )
    if not row.employment:
        row.errors.append(
            _("Status kepegawaian “%(text)s” tidak dikenal; tulis PNS, PPPK atau Non-ASN.")
            % {"text": text["employment"]}
        )
    else:
        _check_nip(row)
    return row


def _check_nip(row: StaffRow) -> None:
    if "e" in row.nip.lower() and row.nip.replace(".", "").replace("e+", "").replace("E+", "").isdigit():
        row.errors.append(
            _(
                "NIP terbaca sebagai angka sehingga digit terakhirnya hilang. Format kolom NIP di Excel "
                "sebagai Teks, lalu ketik ulang NIP-nya."
            )
        )
        return
    try:
        row.nip = check_nip(row.nip, row.employment)
    except CapacityError as exc:
        row.errors.append(str(exc))


def _check_duplicates(rows: list[StaffRow], institution) -> None:
    """A NIP twice in the file, or one already registered in the institution."""
    by_nip: dict[str, list[StaffRow]] = {}
    for row in rows:
        if row.nip and len(row.nip) == 18:
            by_nip.setdefault(row.nip, []).append(row)
    for nip, group in by_nip.items():
        if len(group) > 1:
            numbers = ", ".join(str(r.row) for r in group)
            for row in group:
                row.errors.append(
                    _("NIP %(nip)s muncul lebih dari sekali dalam file (baris %(rows)s).")
                    % {"nip": nip, "rows": numbers}
                )
    registered = Staff.objects.filter(institution=institution, nip__in=list(by_nip)).select_related("unit")
    for staff in registered:
        for row in by_nip[staff.nip]:
            row.errors.append(
                _("NIP %(nip)s sudah terdaftar atas nama %(name)s (%(unit)s).")
                % {"nip": staff.nip, "name": staff.name, "unit": staff.unit.short_name}
            )


def validate_rows(institution, rows: list[dict], *, editable=None, file_name: str = "") -> StaffPreview:
    """Check every row against the file, the institution's units and its registry; write
    nothing. `editable`: the unit ids the importer may add staff to (None = all); a unit user
    with one unit may leave the unit column empty."""
    units, roles = _lookup_tables(institution)
    default_unit = None
    if editable is not None and len(editable) == 1:
        default_unit = next((u for u in units.values() if u.pk in editable), None)
    results = [_parse(raw, units, roles, editable, default_unit) for raw in rows]
    _check_duplicates(results, institution)
    return StaffPreview(rows=results, file_name=file_name)
