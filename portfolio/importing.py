"""Bulk import of applications from CSV or Excel (read → validate = preview → apply) and the export,
whose first columns are the import's, so an exported file can be edited and imported back.

Applications are matched by name (case-insensitive) within the institution: a known name updates
that application, any other creates one. Columns missing from the file keep the stored values.
Nothing is written until `apply_import`, which refuses a preview with any error.
"""

import csv
import datetime as dt
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

import openpyxl
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _

from audit.services import record
from orgs.models import Unit
from portfolio import classification
from portfolio.models import Application, Hosting, Integration, Lifecycle
from portfolio.probe import check_url

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_SCAN_ROWS = 10 * MAX_ROWS
XLSX_MAGIC, XLS_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column → accepted headers, the canonical (Indonesian) one first.
HEADERS = {
    "name": ["nama", "nama_aplikasi", "name", "aplikasi"],
    "purpose": ["tujuan", "fungsi", "deskripsi", "purpose"],
    "owner_unit": ["unit_pemilik", "pemilik", "opd_pemilik", "owner_unit"],
    "user_units": ["unit_pengguna", "pengguna", "user_units"],
    "url": ["url", "alamat", "tautan"],
    "other_urls": ["url_lain", "other_urls"],
    "raa_code": ["raa", "klasifikasi", "klasifikasi_raa"],
    "ral_code": ["ral", "area_layanan", "sektor"],
    "services": ["layanan", "layanan_didukung", "services"],
    "lifecycle": ["siklus", "siklus_hidup", "status", "lifecycle"],
    "hosting": ["hosting", "lokasi_hosting"],
    "integration": ["integrasi", "integration"],
    "personal_data": ["data_pribadi", "personal_data"],
    "developer": ["pengembang", "vendor", "developer"],
    "year_built": ["tahun_dibuat", "tahun", "year_built"],
    "last_updated": ["pembaruan_terakhir", "terakhir_diperbarui", "last_updated"],
    "contact": ["kontak", "contact"],
}
COLUMNS = list(HEADERS)
ALIASES = {alias: column for column, aliases in HEADERS.items() for alias in aliases}
LIMITS = {"name": 200, "developer": 200, "contact": 200, "url": 500}
STATUSES = ["baru", "diperbarui", "tetap", "galat"]
YES, NO = {"ya", "y", "yes", "1", "true", "benar"}, {"tidak", "t", "no", "0", "false", "salah", ""}


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


# -- reading --------------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _to_rows(lines) -> list[dict]:
    mapping, rows = None, []
    for number, raw in lines:
        cells = [_cell(c) for c in raw]
        if not any(cells):
            continue
        if mapping is None:
            mapping = {i: ALIASES[_key(c)] for i, c in enumerate(cells) if _key(c) in ALIASES}
            if "name" not in mapping.values():
                raise ImportFileError(
                    _("Kolom wajib “nama” tidak ada. Baris pertama harus berisi judul kolom: %(all)s.")
                    % {"all": ", ".join(HEADERS[c][0] for c in COLUMNS)}
                )
            if len(set(mapping.values())) != len(mapping):
                raise ImportFileError(_("Ada kolom yang muncul lebih dari sekali di baris judul."))
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("File berisi lebih dari %(max)d baris data; bagi menjadi beberapa file.")
                % {"max": MAX_ROWS}
            )
        rows.append(
            {"row": number} | {col: (cells[i] if i < len(cells) else "") for i, col in mapping.items()}
        )
    if mapping is None:
        raise ImportFileError(_("File kosong."))
    if not rows:
        raise ImportFileError(_("File hanya berisi baris judul, belum ada baris data aplikasi."))
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
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(max_col=len(COLUMNS) + 20, values_only=True)
        lines = list(itertools.islice(enumerate(rows, start=1), MAX_SCAN_ROWS + 1))
        book.close()
    except Exception:  # a damaged upload fails in many ways; to the user they are all one
        raise ImportFileError(
            _("File Excel rusak atau bukan .xlsx. Simpan ulang dari Excel lalu unggah lagi.")
        )
    if len(lines) > MAX_SCAN_ROWS:
        raise ImportFileError(
            _("Lembar kerja terlalu panjang (lebih dari %(max)d baris).") % {"max": MAX_SCAN_ROWS}
        )
    return lines


def read_table(uploaded_file) -> list[dict]:
    """Data rows of an uploaded CSV/XLSX as dicts keyed by column, plus "row" (file row number)."""
    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("File terlalu besar; batasnya 2 MB."))
    if not data.strip():
        raise ImportFileError(_("File kosong."))
    if data.startswith(XLS_MAGIC):
        raise ImportFileError(_("Format Excel lama (.xls) tidak didukung. Simpan sebagai .xlsx atau CSV."))
    return _to_rows(_xlsx_lines(data) if data.startswith(XLSX_MAGIC) else _csv_lines(data))


# -- validating -----------------------------------------------------------------------------------


@dataclass
class ImportRow:
    row: int
    values: dict
    user_unit_ids: list[int] | None = None
    application_id: int | None = None
    changed: bool = True
    errors: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.errors:
            return "galat"
        if self.application_id is None:
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
        return dict.fromkeys(STATUSES, 0) | Counter(r.status for r in self.rows)

    @property
    def to_save(self) -> int:
        return self.counts["baru"] + self.counts["diperbarui"]


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def _choice(text: str, choices, what: str, errors: list[str]) -> str:
    """A choice from its code or label (any case); records an error when unknown."""
    lookup = {_norm(code): code for code, _label in choices} | {_norm(label): code for code, label in choices}
    found = lookup.get(_norm(text))
    if found is None:
        errors.append(
            _("%(what)s “%(value)s” tidak dikenal. Pilih salah satu: %(allowed)s.")
            % {"what": what, "value": text, "allowed": ", ".join(code for code, _l in choices)}
        )
        return ""
    return found


def _code(text: str, codes, what: str, errors: list[str]) -> str:
    leaves = {c.code: c for c in codes if not c.is_group}
    by_name = {_norm(c.name): c.code for c in leaves.values()}
    code = text.split()[0] if text and text.split()[0] in leaves else by_name.get(_norm(text))
    if code is None:
        errors.append(
            _("Kode %(what)s “%(value)s” tidak ada di daftar (contoh: %(example)s).")
            % {"what": what, "value": text, "example": next(iter(leaves))}
        )
        return ""
    return code


def _date(text: str, errors: list[str]) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    errors.append(_("Tanggal “%(value)s” tidak dikenal; tulis 2024-03-31 atau 31-03-2024.") % {"value": text})
    return None


class _Context:
    """What validation needs from the database, loaded once."""

    def __init__(self, institution):
        units = list(Unit.objects.filter(institution=institution))
        self.units = {_norm(u.short_name): u for u in units} | {_norm(u.name): u for u in units}
        self.apps = {
            _norm(a.name): a
            for a in Application.objects.for_institution(institution).prefetch_related("user_units")
        }

    def unit(self, text: str, errors: list[str]):
        unit = self.units.get(_norm(text))
        if unit is None:
            errors.append(
                _("Unit “%(unit)s” tidak ditemukan (tulis nama singkat atau nama lengkapnya).")
                % {"unit": text}
            )
        return unit


def _parse_value(column: str, text: str, ctx: _Context, errors: list[str]):
    if column == "owner_unit":
        unit = ctx.unit(text, errors) if text else None
        return unit.pk if unit else None
    parsers = {
        "lifecycle": lambda: (
            _choice(text, Lifecycle.choices, _("Siklus"), errors) if text else Lifecycle.PRODUCTION
        ),
        "hosting": lambda: _choice(text, Hosting.choices, _("Hosting"), errors) if text else "",
        "integration": lambda: _choice(text, Integration.choices, _("Integrasi"), errors) if text else "none",
        "raa_code": lambda: _code(text, classification.raa_codes(), "RAA", errors) if text else "",
        "ral_code": lambda: _code(text, classification.ral_codes(), "RAL", errors) if text else "",
        "last_updated": lambda: _date(text, errors) if text else None,
    }
    if column in parsers:
        return parsers[column]()
    if column == "personal_data":
        if _norm(text) not in YES | NO:
            errors.append(_("Data pribadi “%(value)s”: tulis ya atau tidak.") % {"value": text})
        return _norm(text) in YES
    if column == "year_built":
        if text and (not text.isdigit() or not 1970 <= int(text) <= dt.date.today().year):
            errors.append(_("Tahun dibuat “%(value)s” tidak sah (1970 sampai tahun ini).") % {"value": text})
            return None
        return int(text) if text else None
    if column in ("url", "other_urls"):
        for url in text.replace(",", " ").split():
            if problem := check_url(url):
                errors.append(f"{url}: {problem}")
        return "\n".join(text.replace(",", " ").split()) if column == "other_urls" else text
    return text


def _parse_row(raw: dict, ctx: _Context) -> ImportRow:
    errors: list[str] = []
    row = ImportRow(row=int(raw.get("row") or 0), values={}, errors=errors)
    existing = ctx.apps.get(_norm(raw.get("name", "")))
    row.application_id = existing.pk if existing else None
    for column in COLUMNS:
        if column not in raw or column == "user_units":
            continue
        row.values[column] = _parse_value(column, str(raw[column] or ""), ctx, errors)
    if "user_units" in raw:
        names = [n.strip() for n in re.split(r"[;,]", raw["user_units"] or "") if n.strip()]
        row.user_unit_ids = [u.pk for u in (ctx.unit(n, errors) for n in names) if u]
    if not row.values.get("name"):
        errors.append(_("Nama aplikasi wajib diisi."))
    for column, limit in LIMITS.items():
        if len(str(row.values.get(column) or "")) > limit:
            errors.append(
                _("Kolom %(col)s terlalu panjang (maksimal %(max)d karakter).")
                % {"col": HEADERS[column][0], "max": limit}
            )
    if existing is not None:
        row.changed = _differs(row, existing)
    return row


def _differs(row: ImportRow, app: Application) -> bool:
    fields = {c: v for c, v in row.values.items() if c != "owner_unit"}
    changed = any(getattr(app, c) != v for c, v in fields.items())
    if "owner_unit" in row.values and row.values["owner_unit"] != app.owner_unit_id:
        changed = True
    if row.user_unit_ids is not None:
        changed = changed or sorted(row.user_unit_ids) != sorted(u.pk for u in app.user_units.all())
    return changed


def validate_rows(institution, rows: list[dict], file_name: str = "") -> ImportPreview:
    """Check every row against the file and the institution; write nothing."""
    ctx = _Context(institution)
    results = [_parse_row(raw, ctx) for raw in rows]
    seen: dict[str, list[ImportRow]] = {}
    for row in results:
        if row.values.get("name"):
            seen.setdefault(_norm(row.values["name"]), []).append(row)
    for group in (g for g in seen.values() if len(g) > 1):
        numbers = ", ".join(str(r.row) for r in group)
        for row in group:
            row.errors.append(
                _("Nama aplikasi muncul lebih dari sekali dalam file (baris %(rows)s).") % {"rows": numbers}
            )
    return ImportPreview(rows=results, file_name=file_name)


# -- applying -------------------------------------------------------------------------------------


def apply_import(actor, institution, preview: ImportPreview, request=None) -> tuple[int, int]:
    """Save a clean preview in one transaction (each application through `save_application`, so
    each is audited) plus one summary entry; any failure rolls everything back."""
    from portfolio.services import ServiceError, save_application

    if preview.has_errors:
        raise ServiceError(_("File masih mengandung galat; tidak ada aplikasi yang disimpan."))
    counts = preview.counts
    try:
        with transaction.atomic():
            for row in (r for r in preview.rows if r.status in ("baru", "diperbarui")):
                app = (
                    Application.objects.get(pk=row.application_id)
                    if row.application_id
                    else Application(institution=institution)
                )
                for column, value in row.values.items():
                    setattr(app, "owner_unit_id" if column == "owner_unit" else column, value)
                app.institution = institution
                save_application(actor, app, user_units=row.user_unit_ids, request=request)
            record(
                "application.import",
                actor=actor,
                institution=institution,
                request=request,
                after={"created": counts["baru"], "updated": counts["diperbarui"], "file": preview.file_name},
            )
    except IntegrityError:
        raise ServiceError(
            _(
                "Data aplikasi berubah selama impor sehingga nama bentrok. Tidak ada yang disimpan; "
                "unggah ulang file."
            )
        )
    return counts["baru"], counts["diperbarui"]


# -- export ---------------------------------------------------------------------------------------

EXTRA_HEADERS = [
    "kondisi",
    "status_http",
    "nilai_header",
    "skor_header",
    "sertifikat_sisa_hari",
    "temuan_terbuka",
    "diprobe_pada",
]


def export_rows(apps) -> list[list]:
    rows = []
    for app in apps:
        probe = app.last_probe
        findings = ", ".join(f.kind for f in app.findings.all() if f.closed_at is None)
        rows.append(
            [
                app.name,
                app.purpose,
                app.owner_unit.short_name if app.owner_unit else "",
                ", ".join(u.short_name for u in app.user_units.all()),
                app.url,
                " ".join(app.other_urls.split()),
                app.raa_code,
                app.ral_code,
                app.services,
                app.lifecycle,
                app.hosting,
                app.integration,
                "ya" if app.personal_data else "tidak",
                app.developer,
                app.year_built or "",
                app.last_updated.isoformat() if app.last_updated else "",
                app.contact,
                probe.health if probe else "",
                (probe.status or "") if probe else "",
                probe.grade if probe else "",
                probe.score if probe and probe.score is not None else "",
                probe.tls_days_left if probe and probe.tls_days_left is not None else "",
                findings,
                probe.at.isoformat(timespec="minutes") if probe else "",
            ]
        )
    return rows


def export_response(institution, apps, kind: str) -> HttpResponse:
    header = [HEADERS[c][0] for c in COLUMNS] + EXTRA_HEADERS
    rows = export_rows(apps.prefetch_related("findings"))
    stamp = dt.date.today().isoformat()
    if kind == "csv":
        out = io.StringIO()
        csv.writer(out, delimiter=";").writerows([header, *rows])
        response = HttpResponse(("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    else:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Aplikasi")
        for line in [header, *rows]:
            sheet.append(line)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="portofolio-{institution.slug}-{stamp}.{kind}"'
    return response
