"""Importing a table from an uploaded CSV or Excel file: upload → preview with row errors → confirm.

The imports of units, applications and staff go the same way (official results, saved at once,
use only the reading):

1. `Table.read` reads the file, judged by its content and not its name: a CSV in UTF-8 (Excel's
   "CSV UTF-8", with or without BOM) or UTF-16 with a BOM (Excel's "Unicode Text"), separated by
   semicolons, commas or tabs, or the first sheet of an .xlsx. It matches the header row to the
   table's columns and returns one dict per non-empty data row, keyed by column, plus "row", the
   row's number in the file. A file that cannot be used as a whole raises `TableError`, whose
   message says why in Indonesian.
2. The app checks every row into a `Preview` of its own rows (each with its number, its errors
   and a status), writing nothing.
3. `remember` keeps a clean preview's rows in the session under a random token; `recall` gives
   them back once, for the same institution (or assessment), within TOKEN_MAX_AGE.
4. On confirm the app checks the rows again, since its data may have changed meanwhile, and
   saves them through its services in one transaction, with an audit entry.

`import_view` runs the steps for an import page, given the app's `ImportFlow`; the page's
template extends "tabular/import.html". openpyxl is imported only inside the functions that read
or write an .xlsx, so a web worker that never handles one does not load it.
"""

import codecs
import csv
import datetime as dt
import io
import itertools
import re
import secrets
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an honest 2 MB workbook unpacks to far less
TOKEN_MAX_AGE = 30 * 60  # seconds between preview and confirm
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
DELIMITERS = [";", ",", "\t"]

NEW, UPDATED, UNCHANGED, ERROR = "baru", "diperbarui", "tetap", "galat"


class TableError(ValueError):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


# -- the table an import expects ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    headers: tuple[str, ...]  # accepted header spellings, the canonical (Indonesian) one first
    label: str = ""  # how a row message names the field ("Nama terlalu panjang…")
    required: bool = False
    max_length: int = 0  # 0: no limit

    @property
    def header(self) -> str:
        return self.headers[0]


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    what: str  # what one data row describes, for "belum ada baris data unit"
    max_rows: int = 2000
    max_columns: int = 50
    # Headers that match this pattern (after `header_key`) are columns of their own name, for
    # tables whose columns are numbered (D1…Dn).
    numbered: str = ""

    @cached_property
    def _aliases(self) -> dict[str, str]:
        return {header_key(h): c.name for c in self.columns for h in c.headers}

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def header(self, name: str) -> str:
        """The canonical header of a column (a numbered column is its own header)."""
        return next((c.header for c in self.columns if c.name == name), name)

    def read(self, upload) -> list[dict]:
        """The data rows of an uploaded CSV or XLSX as dicts keyed by column (only the columns the
        file has) plus "row", the row's number in the file (the header is usually row 1)."""
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise TableError(_("File terlalu besar; batasnya %(max)d MB.") % {"max": MAX_BYTES // 2**20})
        if not data.strip():
            raise TableError(_("File kosong."))
        if data.startswith(XLS_MAGIC):
            raise TableError(_("Format Excel lama (.xls) tidak didukung. Simpan sebagai .xlsx atau CSV."))
        if data.startswith(XLSX_MAGIC):
            lines = _xlsx_lines(data, self.max_columns, max_lines=10 * self.max_rows)
        else:
            lines = _csv_lines(data)
        return self._data_rows(lines)

    def _data_rows(self, lines: Iterable[tuple[int, Iterable]]) -> list[dict]:
        mapping, rows = None, []
        for number, raw in lines:
            cells = [cell_text(c) for c in raw]
            if not any(cells):
                continue
            if mapping is None:
                mapping = self._match_header(cells)
                continue
            if len(rows) >= self.max_rows:
                raise TableError(
                    _("File berisi lebih dari %(max)d baris data; bagi menjadi beberapa file.")
                    % {"max": self.max_rows}
                )
            rows.append(
                {"row": number} | {col: (cells[i] if i < len(cells) else "") for i, col in mapping.items()}
            )
        if mapping is None:
            raise TableError(_("File kosong."))
        if not rows:
            raise TableError(
                _("File hanya berisi baris judul, belum ada baris data %(what)s.") % {"what": self.what}
            )
        return rows

    def _match_header(self, cells: list[str]) -> dict[int, str]:
        """Column index → column name, refusing a repeated or a missing required column."""
        mapping: dict[int, str] = {}
        for index, cell in enumerate(cells):
            key = header_key(cell)
            name = self._aliases.get(key)
            if name is None and self.numbered and re.fullmatch(self.numbered, key):
                name = key
            if name is None:
                continue
            if name in mapping.values():
                raise TableError(
                    _("Kolom %(column)s muncul lebih dari sekali di baris judul.")
                    % {"column": self.header(name)}
                )
            mapping[index] = name
        missing = [c.header for c in self.columns if c.required and c.name not in mapping.values()]
        if missing:
            raise TableError(
                _("Kolom wajib tidak ada: %(missing)s. Baris pertama file harus berisi judul kolom: %(all)s.")
                % {"missing": ", ".join(missing), "all": ", ".join(self.headers)}
            )
        return mapping

    def length_errors(self, values: Mapping[str, object]) -> list[str]:
        """A message for each value longer than its column allows."""
        errors = []
        for column in self.columns:
            length = len(str(values.get(column.name) or ""))
            if column.max_length and length > column.max_length:
                errors.append(
                    _("%(field)s terlalu panjang: %(length)d karakter, maksimal %(max)d.")
                    % {"field": column.label or column.header, "length": length, "max": column.max_length}
                )
        return errors


def header_key(text: str) -> str:
    """A header as it is matched: case, spaces and punctuation do not count ("Nama Singkat" is
    nama_singkat)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell for a CSV that a spreadsheet opens: one starting like a formula gets a leading
    apostrophe, so "=HYPERLINK(…)" typed into an application's name stays text instead of running
    (CSV injection). `cell_text` takes the apostrophe off again, so an export imports back as it was."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_text(value) -> str:
    """A cell as text, spaces folded; a date as 2024-03-31, a whole number without ".0"; the
    apostrophe `spreadsheet_safe` put before a formula-like text taken off."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        value = value[1:]
    if isinstance(value, dt.datetime):  # openpyxl reads every date cell as a datetime
        value = value.date()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        # Past 15 digits Excel has already lost the last digits (an 18-digit NIP typed as a number):
        # show it as the number it now is rather than pretend.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return " ".join(str(value).split())


# -- reading the file ------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in data[:4096]:
        raise TableError(_("File ini bukan CSV atau Excel (.xlsx). Unggah file .csv atau .xlsx."))
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise TableError(
            _(
                'File CSV harus berenkode UTF-8. Di Excel pilih Simpan Sebagai → "CSV UTF-8", '
                "atau unggah file .xlsx."
            )
        ) from None
    if "\x00" in text[:4096]:
        raise TableError(_("File ini bukan CSV atau Excel (.xlsx). Unggah file .csv atau .xlsx."))
    return text


def _csv_lines(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=first.count)
    try:
        return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1))
    except csv.Error as err:
        raise TableError(_("File CSV tidak dapat dibaca: %(error)s") % {"error": err}) from None


def _broken_xlsx() -> TableError:
    return TableError(_("File Excel rusak atau bukan .xlsx. Simpan ulang dari Excel lalu unggah lagi."))


def _check_package(data: bytes) -> None:
    """Refuse a ZIP that is no workbook, or one that would unpack to far more than a sheet of
    this size can hold (a zip bomb), before openpyxl unpacks anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _broken_xlsx() from None
    if not any(p.filename == "[Content_Types].xml" for p in parts):
        raise _broken_xlsx()
    if sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise TableError(
            _("File Excel terlalu besar setelah dibuka (lebih dari %(max)d MB).")
            % {"max": MAX_UNPACKED_BYTES // 2**20}
        )


def _xlsx_lines(data: bytes, max_columns: int, max_lines: int) -> list[tuple[int, tuple]]:
    _check_package(data)
    try:
        import openpyxl  # heavy; loaded only when an Excel file is handled

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = book.worksheets[0].iter_rows(max_col=max_columns, values_only=True)
            lines = list(itertools.islice(enumerate(rows, start=1), max_lines + 1))
        finally:
            book.close()
    # A damaged package fails inside openpyxl with many exception types (zip, XML, zlib,
    # KeyError, IndexError...); to the user they are all one.
    except Exception:
        raise _broken_xlsx() from None
    if len(lines) > max_lines:
        raise TableError(_("Lembar kerja terlalu panjang (lebih dari %(max)d baris).") % {"max": max_lines})
    return lines


# -- writing a file to download -------------------------------------------------------------------


def table_download(
    kind: str,
    file_name: str,
    rows: list[list],
    *,
    sheet: str = "",
    widths: Iterable[int] = (),
    finish: Callable | None = None,
) -> HttpResponse:
    """`rows` (the header first) as an attachment `file_name`.csv or .xlsx.

    The CSV is UTF-8 with a BOM and semicolons, which Excel with Indonesian settings opens
    cleanly; formula-like texts are made safe (`spreadsheet_safe`). In the sheet every cell is a
    value, never a formula; it gets a bold header, the given column widths, and then
    `finish(book, sheet)` for anything else.
    """
    if kind == "csv":
        out = io.StringIO()
        csv.writer(out, delimiter=";").writerows([spreadsheet_safe(c) for c in row] for row in rows)
        response = HttpResponse(("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(_xlsx_bytes(rows, sheet, widths, finish), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}.{kind}"'
    return response


def _xlsx_bytes(rows: list[list], title: str, widths: Iterable[int], finish: Callable | None) -> bytes:
    import openpyxl  # heavy; loaded only when an Excel file is handled
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text such as "=HYPERLINK(…)" from the data is not a formula
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell, width in zip(sheet[1], widths, strict=False):
        sheet.column_dimensions[cell.column_letter].width = width
    if finish is not None:
        finish(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- the preview ---------------------------------------------------------------------------------


class PreviewRow:
    """What a preview needs of each row; an app's row dataclass adds its own fields.

    `row` is the row's number in the file, `errors` its messages; `is_new` and `changed` say
    what saving it would do.
    """

    row: int
    errors: list[str]
    is_new = True
    changed = True

    @property
    def status(self) -> str:
        if self.errors:
            return ERROR
        if self.is_new:
            return NEW
        return UPDATED if self.changed else UNCHANGED


@dataclass
class Preview:
    rows: list
    file_name: str = ""
    statuses: tuple[str, ...] = (NEW, UPDATED, UNCHANGED, ERROR)  # those the import can give

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        """Rows per status, every status of the import present."""
        return dict.fromkeys(self.statuses, 0) | Counter(r.status for r in self.rows)

    @property
    def to_save(self) -> int:
        counts = self.counts
        return counts[NEW] + counts.get(UPDATED, 0)


def repeated(rows: Iterable, key: Callable) -> list[tuple[list, str]]:
    """Rows whose `key` is the same non-empty text (case and spaces aside), in groups of two or
    more, each with its row numbers for the message ("3, 4")."""
    groups: dict[str, list] = {}
    for row in rows:
        if value := key(row):
            groups.setdefault(" ".join(value.lower().split()), []).append(row)
    return [(group, ", ".join(str(r.row) for r in group)) for group in groups.values() if len(group) > 1]


# -- the rows between preview and confirm ---------------------------------------------------------


def stash(request: HttpRequest, key: str, scope: dict, data: dict) -> str:
    """Keep `data` in the session under `key` until the confirm step (one pending upload per key),
    bound to `scope` (e.g. the institution or the assessment it was previewed for); return the
    token the confirm form posts back."""
    token = secrets.token_urlsafe(16)
    request.session[key] = {"token": token, "scope": scope, "at": time.time(), **data}
    return token


def unstash(request: HttpRequest, key: str, scope: dict) -> dict | None:
    """The pending upload the posted token names, taken out of the session; None if the token is
    unknown (a wrong token leaves the pending upload alone), or it was kept for another scope or is
    older than TOKEN_MAX_AGE."""
    pending = request.session.get(key)
    token = request.POST.get("token", "")
    if not isinstance(pending, dict) or not secrets.compare_digest(str(pending.get("token", "")), token):
        return None
    del request.session[key]
    fresh = time.time() - pending.get("at", 0) <= TOKEN_MAX_AGE
    return pending if fresh and pending.get("scope") == scope else None


def remember(request: HttpRequest, key: str, rows: list[dict], preview: Preview) -> str:
    """Keep a clean preview's rows in the session for the confirm step; return its token, or ""
    when there is nothing to save."""
    if preview.has_errors or not preview.to_save:
        request.session.pop(key, None)
        return ""
    data = {"file": preview.file_name, "rows": rows, "statuses": [r.status for r in preview.rows]}
    return stash(request, key, {"institution": request.institution.pk}, data)


def recall(request: HttpRequest, key: str) -> dict | None:
    """`unstash` for this institution's pending import."""
    return unstash(request, key, {"institution": request.institution.pk})


# -- the page -------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File CSV atau Excel (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Pilih file CSV atau Excel (.xlsx) untuk diunggah."),
            "empty": gettext_lazy("File kosong."),
            "invalid": gettext_lazy("Kirim file melalui formulir ini."),
        },
    )


def _no_context(request: HttpRequest) -> dict:
    return {}


@dataclass(frozen=True)
class ImportFlow:
    """One app's import page, as `import_view` needs it. The page is an institution's."""

    table: Table
    session_key: str
    url_name: str  # the import page, e.g. "orgs:unit_import"
    done_url_name: str  # where a saved import goes, e.g. "orgs:unit_list"
    template_name: str  # extends "tabular/import.html"
    validate: Callable  # (request, rows, file_name) -> Preview; writes nothing
    apply: Callable  # (request, preview) -> the success message; saves
    refusals: tuple[type[Exception], ...]  # what `apply` raises to refuse, shown as a message
    download: Callable  # (request, "csv" or "xlsx") -> the template file
    template_param: str = "template"  # ?template=csv downloads the template
    context: Callable = field(default=_no_context)  # (request) -> the page's own context


def import_view(request: HttpRequest, flow: ImportFlow) -> HttpResponse:
    """GET: the page (or a template file); POST a file: its preview; POST a token: save it."""
    kind = request.GET.get(flow.template_param)
    if request.method == "GET" and kind in ("csv", "xlsx"):
        return flow.download(request, kind)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, flow)
    if request.method == "POST":
        return _preview(request, flow, UploadForm(request.POST, request.FILES))
    return _page(request, flow, UploadForm())


def _page(request, flow: ImportFlow, form, preview=None, token="", stale=False) -> HttpResponse:
    context = {
        "institution": request.institution,
        "form": form,
        "preview": preview,
        "token": token,
        "stale": stale,
        "max_rows": flow.table.max_rows,
        "max_mb": MAX_BYTES // 2**20,
        "import_url": reverse(flow.url_name, args=[request.institution.slug]),
    }
    return render(request, flow.template_name, context | flow.context(request))


def _preview(request, flow: ImportFlow, form) -> HttpResponse:
    if not form.is_valid():
        return _page(request, flow, form)
    upload = form.cleaned_data["file"]
    try:
        rows = flow.table.read(upload)
    except TableError as err:
        form.add_error("file", str(err))
        return _page(request, flow, form)
    preview = flow.validate(request, rows, upload.name[:200])
    return _page(request, flow, UploadForm(), preview, remember(request, flow.session_key, rows, preview))


def _confirm(request, flow: ImportFlow) -> HttpResponse:
    pending = recall(request, flow.session_key)
    if pending is None:
        messages.error(
            request, _("Pratinjau impor ini tidak dikenal atau sudah kedaluwarsa. Unggah file lagi.")
        )
        return redirect(flow.url_name, request.institution.slug)
    preview = flow.validate(request, pending["rows"], pending["file"])
    if [r.status for r in preview.rows] != pending.get("statuses"):
        # The data changed since the preview: show what saving would do now, and ask again.
        token = remember(request, flow.session_key, pending["rows"], preview)
        return _page(request, flow, UploadForm(), preview, token, stale=True)
    try:
        message = flow.apply(request, preview)
    except flow.refusals as err:
        messages.error(request, str(err))
        return redirect(flow.url_name, request.institution.slug)
    messages.success(request, message)
    return redirect(flow.done_url_name, request.institution.slug)
