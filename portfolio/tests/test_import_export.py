"""Bulk import of applications (preview, row errors in Indonesian, all or nothing) and the export
that can be imported back."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from orgs.tests.test_url_access import login_verified
from portfolio.importing import apply_import, read_table, validate_rows
from portfolio.models import Application
from portfolio.services import ServiceError
from swanilai.tabular import TableError

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "Nama;Tujuan;Unit Pemilik;Unit Pengguna;URL;RAA;RAL;Siklus;Hosting;Integrasi;Data Pribadi;Tahun Dibuat;"
    "Pembaruan Terakhir\n"
    "SIMPUS;Rekam medis puskesmas;Dinkes;Disdik;https://simpus.uji.example/;02.02;01.25;produksi;pdd;api;ya;2019;"
    "2024-03-31\n"
    "PPDB Online;Penerimaan peserta didik;Dinas Pendidikan;;https://ppdb.uji.example/;02.01;Pendidikan;production;"
    "Cloud;;tidak;;31-07-2025\n"
)


def url(institution):
    return reverse("portfolio:application_import", args=[institution.slug])


def upload(client, institution, content, name="aplikasi.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(url(institution), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def admin(client, personas):
    login_verified(client, personas["admin"])
    return client


def test_preview_then_confirm(admin, sukamaju, dinkes, disdik):
    response = upload(admin, sukamaju, GOOD_CSV)
    assert response.status_code == 200 and not Application.objects.exists()
    preview = response.context["preview"]
    assert preview.counts["baru"] == 2 and not preview.has_errors
    saved = admin.post(url(sukamaju), {"token": response.context["token"]})
    assert saved.status_code == 302
    simpus = Application.objects.get(name="SIMPUS")
    assert (
        simpus.owner_unit,
        simpus.ral_code,
        simpus.lifecycle,
        simpus.personal_data,
        simpus.year_built,
    ) == (dinkes, "01.25", "production", True, 2019)
    assert list(simpus.user_units.all()) == [disdik] and str(simpus.last_updated) == "2024-03-31"
    ppdb = Application.objects.get(name="PPDB Online")
    assert (ppdb.ral_code, ppdb.hosting, ppdb.owner_unit) == ("01.31", "cloud", disdik)
    assert AuditEntry.objects.filter(action="application.import").count() == 1
    assert AuditEntry.objects.filter(action="application.create").count() == 2


def test_reimport_updates_and_reports_unchanged(admin, sukamaju, dinkes, disdik):
    token = upload(admin, sukamaju, GOOD_CSV).context["token"]
    admin.post(url(sukamaju), {"token": token})
    again = upload(admin, sukamaju, GOOD_CSV.replace("Rekam medis puskesmas", "Rekam medis dan antrian"))
    counts = again.context["preview"].counts
    assert (counts["diperbarui"], counts["tetap"]) == (1, 1)


ROW_ERRORS = [
    ("Nama;Unit Pemilik\n;Dinkes\n", "Nama aplikasi wajib diisi"),
    ("Nama;Unit Pemilik\nA;Dinas Rahasia\n", "Unit “Dinas Rahasia” tidak ditemukan"),
    ("Nama;URL\nA;ftp://x\n", "harus diawali http:// atau https://"),
    ("Nama;RAL\nA;09.99\n", "Kode RAL “09.99” tidak ada"),
    ("Nama;Siklus\nA;hidup\n", "Siklus “hidup” tidak dikenal"),
    ("Nama;Data Pribadi\nA;mungkin\n", "tulis ya atau tidak"),
    ("Nama;Tahun Dibuat\nA;1890\n", "Tahun dibuat “1890” tidak sah"),
    ("Nama;Pembaruan Terakhir\nA;kemarin\n", "Tanggal “kemarin” tidak dikenal"),
    ("Nama\nA\na\n", "muncul lebih dari sekali dalam file (baris 2, 3)"),
]


@pytest.mark.parametrize(("content", "message"), ROW_ERRORS)
def test_bad_rows_are_refused_with_reasons(admin, sukamaju, dinkes, content, message):
    response = upload(admin, sukamaju, content)
    html = response.content.decode()
    assert response.context["preview"].has_errors and not response.context["token"]
    assert message in html and "Baris 2" in html
    assert not Application.objects.exists()


FILE_ERRORS = [
    (b"", "File kosong"),
    (b"Tujuan;URL\nx;y\n", "Kolom wajib tidak ada: nama."),
    (b"Nama\n", "hanya berisi baris judul"),
    ("Nama\nAplikasi Éé\n".encode("latin-1"), "UTF-8"),
    (b"\xd0\xcf\x11\xe0xxxx", ".xls"),
    (b"PK\x03\x04rusak", "rusak"),
]


@pytest.mark.parametrize(("content", "message"), FILE_ERRORS)
def test_unreadable_files_are_refused(admin, sukamaju, content, message):
    response = upload(admin, sukamaju, content)
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_xlsx_with_real_dates(admin, sukamaju, dinkes):
    import datetime

    book = openpyxl.Workbook()
    book.active.append(["nama", "unit_pemilik", "pembaruan_terakhir", "tahun_dibuat"])
    book.active.append(["SIMPUS", "Dinkes", datetime.datetime(2024, 5, 6), 2018])
    out = io.BytesIO()
    book.save(out)
    response = upload(admin, sukamaju, out.getvalue(), "aplikasi.xlsx")
    row = response.context["preview"].rows[0]
    assert (
        not row.errors
        and str(row.values["last_updated"]) == "2024-05-06"
        and row.values["year_built"] == 2018
    )


def test_apply_refuses_a_preview_with_errors(sukamaju, personas):
    preview = validate_rows(sukamaju, [{"row": 2, "name": ""}])
    with pytest.raises(ServiceError):
        apply_import(personas["admin"], sukamaju, preview)


def test_stale_or_unknown_token(admin, sukamaju, dinkes, disdik):
    token = upload(admin, sukamaju, GOOD_CSV).context["token"]
    Application.objects.create(institution=sukamaju, name="SIMPUS")  # someone added it meanwhile
    response = admin.post(url(sukamaju), {"token": token})
    assert response.status_code == 200 and response.context["stale"]
    assert admin.post(url(sukamaju), {"token": "palsu"}).status_code == 302


def test_read_table_limits():
    with pytest.raises(TableError):
        read_table(io.BytesIO(b"Nama\n" + b"a\n" * 2001))


def test_export_round_trip(admin, sukamaju, dinkes, disdik):
    admin.post(url(sukamaju), {"token": upload(admin, sukamaju, GOOD_CSV).context["token"]})
    exported = admin.get(reverse("portfolio:application_export", args=[sukamaju.slug]))
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["nama", "tujuan", "unit_pemilik"] and "nilai_header" in rows[0]
    assert {r[0] for r in rows[1:]} == {"SIMPUS", "PPDB Online"}
    again = upload(admin, sukamaju, exported.content)
    assert again.context["preview"].counts["tetap"] == 2 and not again.context["preview"].has_errors
    xlsx = admin.get(
        reverse("portfolio:application_export", args=[sukamaju.slug]) + "?format=xlsx&siklus=production"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3


def test_template_downloads(admin, sukamaju):
    assert admin.get(url(sukamaju) + "?templat=csv").content.decode("utf-8-sig").startswith("nama;tujuan")
    assert admin.get(url(sukamaju) + "?templat=xlsx")["Content-Type"].startswith("application/vnd.openxml")
