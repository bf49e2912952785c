"""The shared reading of uploaded tables, the preview and the token store (swanilai.tabular).

The import pages themselves are tested through HTTP in orgs, portfolio and capacity; this file
pins what every import relies on, with no database."""

import csv
import datetime as dt
import io
import json
import time
import zipfile
from dataclasses import dataclass, field
from types import SimpleNamespace

import openpyxl
import pytest

from swanilai import tabular
from swanilai.tabular import Column, Preview, Table, TableError

TABLE = Table(
    columns=(
        Column("name", ("nama", "name"), "Nama", required=True, max_length=10),
        Column("short_name", ("nama_singkat", "singkatan"), required=True),
        Column("head_name", ("kepala",)),
    ),
    what="unit",
    max_rows=5,
)


def read(content: bytes | str, table: Table = TABLE) -> list[dict]:
    return table.read(io.BytesIO(content.encode() if isinstance(content, str) else content))


def refusal(content: bytes | str, table: Table = TABLE) -> str:
    with pytest.raises(TableError) as caught:
        read(content, table)
    return str(caught.value)


def xlsx(rows: list[list]) -> bytes:
    return tabular.table_download("xlsx", "uji", rows).content


def zipped(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()


# -- reading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_delimiter_is_found_from_the_header_line(delimiter):
    content = delimiter.join(["Nama", "Nama Singkat", "Kolom Lain"]) + "\n"
    content += delimiter.join(["Dinas Sosial", "Dinsos", "x"]) + "\n"
    assert read(content) == [{"row": 2, "name": "Dinas Sosial", "short_name": "Dinsos"}]


def test_quoted_cells_blank_rows_bom_and_row_numbers():
    content = '\ufeffnama,singkatan\n\n"Dinas  Komunikasi, Informatika",Diskominfo\n,\nBagian Umum,Umum\n'
    assert read(content) == [
        {"row": 3, "name": "Dinas Komunikasi, Informatika", "short_name": "Diskominfo"},
        {"row": 5, "name": "Bagian Umum", "short_name": "Umum"},
    ]


def test_short_rows_get_empty_cells():
    assert read("nama;nama_singkat;kepala\nDinas Sosial;Dinsos\n")[0]["head_name"] == ""


def test_utf16_with_a_bom_is_read():
    # What Excel writes as "Unicode Text": UTF-16 with a BOM, tab-separated.
    assert read("nama\tnama_singkat\nDépu\tD\n".encode("utf-16"))[0]["name"] == "Dépu"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("nama;nama_singkat\nDépu;D\n".encode("cp1252"), "harus berenkode UTF-8"),
        ("nama;nama_singkat\nDépu;D\n".encode("latin-1"), "harus berenkode UTF-8"),
        (b"\xff\xfen\x00\xd8", "harus berenkode UTF-8"),  # UTF-16 BOM, then a broken surrogate
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bukan CSV atau Excel"),
        ("nama;nama_singkat\nA;B\n".encode("utf-16-le"), "bukan CSV atau Excel"),  # UTF-16 sans BOM
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Format Excel lama (.xls) tidak didukung"),
    ],
)
def test_bad_encodings_and_foreign_files_are_refused(content, message):
    assert message in refusal(content)


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t", "\ufeff".encode(), ";;;\n;;\n"])
def test_empty_file(content):
    assert refusal(content) == "File kosong."


def test_header_only():
    assert refusal("nama;nama_singkat\n\n") == "File hanya berisi baris judul, belum ada baris data unit."


def test_too_large():
    assert refusal(b"x" * (tabular.MAX_BYTES + 1)) == "File terlalu besar; batasnya 2 MB."


# -- headers ---------------------------------------------------------------------------------------


def test_headers_match_whatever_their_case_spacing_and_order():
    rows = read("KEPALA ; Nama-Singkat;  name  \nDra. Euis;Disdik;Dinas Pendidikan\n")
    assert rows == [{"row": 2, "head_name": "Dra. Euis", "short_name": "Disdik", "name": "Dinas Pendidikan"}]


def test_missing_required_column_names_it_and_lists_the_columns():
    assert refusal("nama;kepala\nDinas Sosial;X\n") == (
        "Kolom wajib tidak ada: nama_singkat. Baris pertama file harus berisi judul kolom: "
        "nama, nama_singkat, kepala."
    )


def test_a_title_row_instead_of_a_header_is_a_missing_column():
    assert "Kolom wajib tidak ada: nama, nama_singkat." in refusal("Daftar unit 2026\nnama;nama_singkat\n")


def test_repeated_column_is_refused_even_under_another_spelling():
    message = refusal("nama;name;nama_singkat\nA;B;C\n")
    assert message == "Kolom nama muncul lebih dari sekali di baris judul."


def test_numbered_columns():
    table = Table(columns=(Column("year", ("tahun",), required=True),), what="hasil", numbered=r"d\d{1,2}")
    rows = read("Tahun;D1;D12;D123;X1\n2024;4,70;3,50;9;1\n", table)
    assert rows == [{"row": 2, "year": "2024", "d1": "4,70", "d12": "3,50"}]
    assert "Kolom d1 muncul lebih dari sekali" in refusal("tahun;D1;d1\n2024;1;2\n", table)


# -- row limits ------------------------------------------------------------------------------------


def test_too_many_data_rows():
    header = "nama;nama_singkat\n"
    assert len(read(header + "A;a\n" * 5)) == 5
    message = refusal(header + "A;a\n" * 6)
    assert message == "File berisi lebih dari 5 baris data; bagi menjadi beberapa file."


def test_blank_rows_do_not_count_but_a_padded_sheet_is_refused_early():
    rows = [["nama", "nama_singkat"], ["A", "a"]] + [[None, None]] * 47
    assert len(read(xlsx(rows))) == 1
    rows += [[None, None]] * 2  # more lines than 10 × max_rows
    assert refusal(xlsx(rows)) == "Lembar kerja terlalu panjang (lebih dari 50 baris)."


# -- Excel -----------------------------------------------------------------------------------------


def test_xlsx_first_sheet_with_dates_and_numbers():
    content = xlsx(
        [
            ["nama", "nama_singkat", "kepala"],
            ["Dinas  Sosial", 2024, dt.datetime(2024, 5, 6, 0, 0)],
            [4.5, 198503122010012003, dt.date(2024, 3, 31)],
        ]
    )
    rows = read(content)
    assert rows[0] == {"row": 2, "name": "Dinas Sosial", "short_name": "2024", "head_name": "2024-05-06"}
    assert rows[1]["name"] == "4.5" and rows[1]["head_name"] == "2024-03-31"


def test_nip_typed_as_a_number_shows_that_digits_were_lost():
    assert tabular.cell_text(1.98503122010012e17) == "1.98503122010012e+17"
    assert tabular.cell_text(2024.0) == "2024" and tabular.cell_text(None) == ""


@pytest.mark.parametrize(
    "content",
    [
        zipped({"laporan.txt": "bukan lembar kerja", "foto.jpg": b"\xff\xd8\xff"}),  # a zip of files
        zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}),  # a .docx
        b"PK\x03\x04bukan-excel-sama-sekali",  # a zip header and nothing else
        xlsx([["nama", "nama_singkat"], ["A", "a"]])[:-200],  # cut short in the upload
    ],
)
def test_xlsx_that_is_really_something_else_is_refused(content):
    message = "File Excel rusak atau bukan .xlsx. Simpan ulang dari Excel lalu unggah lagi."
    assert refusal(content) == message


def test_zip_bomb_is_refused_before_it_is_unpacked():
    content = zipped({"[Content_Types].xml": "<Types/>", "xl/sharedStrings.xml": b"0" * (101 * 2**20)})
    assert len(content) < tabular.MAX_BYTES
    assert refusal(content) == "File Excel terlalu besar setelah dibuka (lebih dari 100 MB)."


# -- checking rows and the preview ----------------------------------------------------------------


@dataclass
class Row(tabular.PreviewRow):
    row: int
    name: str = ""
    existing: bool = False
    changed: bool = True
    errors: list[str] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return not self.existing


def test_preview_counts_every_status_and_what_would_be_saved():
    rows = [Row(2), Row(3, existing=True), Row(4, existing=True, changed=False), Row(5, errors=["x"])]
    preview = Preview(rows, "u.csv")
    assert [r.status for r in rows] == ["baru", "diperbarui", "tetap", "galat"]
    assert preview.counts == {"baru": 1, "diperbarui": 1, "tetap": 1, "galat": 1}
    assert preview.has_errors and preview.to_save == 2


def test_preview_of_an_import_that_only_adds():
    preview = Preview([Row(2), Row(3)], statuses=(tabular.NEW, tabular.ERROR))
    assert preview.counts == {"baru": 2, "galat": 0} and preview.to_save == 2 and not preview.has_errors


def test_repeated_values_are_grouped_with_their_row_numbers():
    rows = [Row(2, "Dinsos"), Row(3, "Arsip"), Row(4, " dinsos "), Row(5, ""), Row(6, "")]
    [(group, numbers)] = tabular.repeated(rows, lambda r: r.name)
    assert [r.row for r in group] == [2, 4] and numbers == "2, 4"


def test_length_errors_name_the_field():
    assert TABLE.length_errors({"name": "N" * 11, "short_name": "S" * 99}) == [
        "Nama terlalu panjang: 11 karakter, maksimal 10."
    ]


# -- the token store -------------------------------------------------------------------------------


def request(token: str = "", institution: int = 1, session: dict | None = None):
    return SimpleNamespace(
        session={} if session is None else session,
        POST={"token": token},
        institution=SimpleNamespace(pk=institution),
    )


def remembered(institution: int = 1):
    rows = read("nama;nama_singkat\nDinas Sosial;Dinsos\n")
    preview = Preview([Row(2)], "u.csv")
    req = request(institution=institution)
    token = tabular.remember(req, "uji", rows, preview)
    return req.session, token, rows


def test_token_gives_the_rows_back_once():
    session, token, rows = remembered()
    json.dumps(session)  # a real session stores JSON
    pending = tabular.recall(request(token, session=session), "uji")
    assert pending["rows"] == rows and pending["file"] == "u.csv" and pending["statuses"] == ["baru"]
    assert tabular.recall(request(token, session=session), "uji") is None


def test_forged_token_is_refused_and_leaves_the_pending_import():
    session, token, _rows = remembered()
    assert tabular.recall(request("dikarang", session=session), "uji") is None
    assert tabular.recall(request("", session=session), "uji") is None
    assert tabular.recall(request(token, session={}), "uji") is None
    assert tabular.recall(request(token, session=session), "uji") is not None


def test_expired_token_is_refused_and_forgotten():
    session, token, _rows = remembered()
    session["uji"]["at"] = time.time() - tabular.TOKEN_MAX_AGE - 1
    assert tabular.recall(request(token, session=session), "uji") is None
    assert "uji" not in session


def test_token_of_another_institution_is_refused():
    session, token, _rows = remembered(institution=1)
    assert tabular.recall(request(token, institution=2, session=session), "uji") is None


def test_nothing_is_remembered_for_a_preview_with_errors_or_nothing_to_save():
    session, _token, rows = remembered()
    for preview in (Preview([Row(2, errors=["x"])]), Preview([Row(2, existing=True, changed=False)])):
        assert tabular.remember(request(session=session), "uji", rows, preview) == ""
        assert "uji" not in session


# -- files to download -----------------------------------------------------------------------------


def test_csv_download_opens_in_excel_and_reads_back():
    response = tabular.table_download("csv", "templat", [["nama", "nama_singkat"], ["Dinas; Sosial", "D"]])
    assert response["Content-Disposition"] == 'attachment; filename="templat.csv"'
    assert response.content.startswith("\ufeffnama;nama_singkat".encode())
    assert read(response.content) == [{"row": 2, "name": "Dinas; Sosial", "short_name": "D"}]


def test_xlsx_download_has_a_bold_header_and_reads_back():
    def finish(book, sheet):
        book.create_sheet("Keterangan")

    response = tabular.table_download(
        "xlsx", "templat", [["nama", "nama_singkat"], ["A", "a"]], sheet="Unit", widths=[30], finish=finish
    )
    assert response["Content-Type"] == tabular.XLSX_TYPE
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Unit", "Keterangan"]
    assert book["Unit"]["A1"].font.bold and book["Unit"].column_dimensions["A"].width == 30
    assert read(response.content) == [{"row": 2, "name": "A", "short_name": "a"}]


def test_xlsx_download_writes_text_that_looks_like_a_formula_as_text():
    response = tabular.table_download("xlsx", "ekspor", [["nama"], ['=HYPERLINK("http://x.example","klik")']])
    cell = openpyxl.load_workbook(io.BytesIO(response.content)).active["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_csv_export_neutralises_formulas_and_imports_back_unchanged():
    """CSV injection: a name typed as "=HYPERLINK(…)" leaves as text, and comes back as typed."""
    nasty = ['=HYPERLINK("http://x","klik")', "+62 21 555", "-", "@SUM(A1)", "Biasa", 7]
    response = tabular.table_download("csv", "uji", [["nama"], *[[v] for v in nasty]])
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()[1:]
    assert all(not line.lstrip('"').startswith(("=", "+", "-", "@")) for line in lines)
    cells = [row[0] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert [tabular.cell_text(c) for c in cells] == [tabular.cell_text(v) for v in nasty]
