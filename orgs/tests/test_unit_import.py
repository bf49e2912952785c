"""Bulk import of units from CSV/XLSX: preview first, row errors in Indonesian, all or nothing."""

import io
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from orgs.importing import apply_import, read_table, validate_rows
from orgs.models import Unit
from orgs.services import ServiceError
from swanilai.tabular import TableError

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "Nama;Nama Singkat;Jenis;Induk;Kepala\n"
    "Dinas Komunikasi dan Informatika;Diskominfo;Dinas;;Yudi Permana\n"
    "Bidang Aplikasi Informatika;Bid. Aptika;lainnya;diskominfo;\n"
    "Bagian Umum;Bag. Umum;sekretariat/bagian;;\n"
)


def url(institution) -> str:
    return reverse("orgs:unit_import", args=[institution.slug])


def upload(client, institution, content: bytes | str, name: str = "unit.csv"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(url(institution), {"file": SimpleUploadedFile(name, content)})


def confirm(client, institution, token: str):
    return client.post(url(institution), {"token": token})


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def admin(client, personas):
    client.force_login(personas["admin"])
    return client


def test_csv_with_semicolons_and_bom_imports_after_confirm(admin, sukamaju):
    before = Unit.objects.count()
    response = upload(admin, sukamaju, "\ufeff" + GOOD_CSV)
    assert response.status_code == 200
    assert "Simpan 3 unit" in text(response)
    assert Unit.objects.count() == before  # the preview writes nothing
    assert not AuditEntry.objects.filter(action__startswith="unit.").exists()

    response = confirm(admin, sukamaju, response.context["token"])
    assert response.status_code == 302
    assert response.url == reverse("orgs:unit_list", args=[sukamaju.slug])
    aptika = Unit.objects.get(institution=sukamaju, short_name="Bid. Aptika")
    assert aptika.parent.short_name == "Diskominfo" and aptika.kind == "lainnya"
    assert Unit.objects.get(short_name="Bag. Umum").kind == "sekretariat"
    assert Unit.objects.get(short_name="Diskominfo").head_name == "Yudi Permana"
    page = admin.get(url(sukamaju))
    assert "3 unit baru, 0 diperbarui." in text(page)


def test_audit_has_one_entry_per_unit_and_a_summary(admin, sukamaju):
    response = upload(admin, sukamaju, GOOD_CSV, name="opd-2026.csv")
    confirm(admin, sukamaju, response.context["token"])
    assert AuditEntry.objects.filter(action="unit.create", institution=sukamaju).count() == 3
    summary = AuditEntry.objects.get(action="unit.import")
    assert summary.after == {"created": 3, "updated": 0, "file": "opd-2026.csv"}
    assert summary.actor.username == "admin.kominfo"


def test_xlsx_imports_whatever_its_name_and_parent_may_come_later(admin, sukamaju):
    content = xlsx_bytes(
        [
            ["name", "short_name", "kind", "parent", "head_name"],
            ["Sub Bagian Umum", "Subbag Umum", "Sekretariat/Bagian", "Setda", None],
            ["Sekretariat Daerah", "Setda", "sekretariat", None, "Drs. Asep"],
            [None, None, None, None, None],
            ["Kecamatan Cibeureum", "Kec. Cibeureum", "KECAMATAN", "", ""],
        ]
    )
    response = upload(admin, sukamaju, content, name="ekspor.dat")
    rows = {r.short_name: r for r in response.context["preview"].rows}
    assert rows["Kec. Cibeureum"].row == 5  # blank row 4 skipped, numbering kept
    confirm(admin, sukamaju, response.context["token"])
    subbag = Unit.objects.get(institution=sukamaju, short_name="Subbag Umum")
    assert subbag.parent == Unit.objects.get(short_name="Setda")
    assert Unit.objects.get(short_name="Kec. Cibeureum").kind == "kecamatan"
    # Each unit is saved (and audited) once, parent first.
    labels = [e.object_label for e in AuditEntry.objects.filter(action="unit.create").order_by("id")]
    assert sorted(labels) == ["Kec. Cibeureum", "Setda", "Subbag Umum"]
    assert labels.index("Setda") < labels.index("Subbag Umum")


def test_comma_csv_with_quotes_imports(admin, sukamaju):
    content = 'nama,nama_singkat,jenis\n"Dinas Komunikasi, Informatika dan Statistik",Diskominfotik,dinas\n'
    response = upload(admin, sukamaju, content)
    confirm(admin, sukamaju, response.context["token"])
    assert Unit.objects.get(short_name="Diskominfotik").name == "Dinas Komunikasi, Informatika dan Statistik"


def test_bad_rows_are_listed_with_row_numbers_and_nothing_is_written(admin, sukamaju):
    content = (
        "nama;nama_singkat;jenis;induk\n"
        "Kantor Arsip;Arsip;kantor;\n"
        "Dinas Sosial;Dinsos;dinas;\n"
        "Dinas Sosial dan PMD;dinsos;dinas;\n"
        "Bidang Rehabilitasi;Rehsos;lainnya;Tidakada\n"
    )
    before = Unit.objects.count()
    response = upload(admin, sukamaju, content)
    page = text(response)
    assert response.status_code == 200
    assert "Baris 2: Jenis “kantor” tidak dikenal. Pilih salah satu: dinas, badan, sekretariat" in page
    assert "Baris 3: Nama singkat “Dinsos” muncul lebih dari sekali dalam file (baris 3, 4)." in page
    assert "Baris 4: Nama singkat “dinsos” muncul lebih dari sekali dalam file (baris 3, 4)." in page
    assert "Baris 5: Unit induk “Tidakada” tidak ditemukan" in page
    assert "4 baris bergalat" in page
    assert response.context["token"] == "" and 'name="token"' not in page

    # Forcing a confirm: an invented token, then rows planted in the session as if previewed.
    assert confirm(admin, sukamaju, "dikarang").status_code == 302
    session = admin.session
    session["unit_import"] = {
        "token": "t0k3n",
        "scope": {"institution": sukamaju.pk},
        "file": "x.csv",
        "rows": read_table(SimpleUploadedFile("x.csv", content.encode())),
        "at": time.time(),
    }
    session.save()
    response = confirm(admin, sukamaju, "t0k3n")
    assert response.status_code == 200 and "Baris 2: Jenis" in text(response)
    assert Unit.objects.count() == before
    assert not AuditEntry.objects.filter(action__startswith="unit.").exists()


def test_service_refuses_a_preview_with_errors(personas, sukamaju):
    preview = validate_rows(sukamaju, [{"row": 2, "name": "X", "short_name": "X", "kind": "kantor"}])
    with pytest.raises(ServiceError):
        apply_import(personas["admin"], sukamaju, preview)
    assert not Unit.objects.filter(short_name="X").exists()


def test_every_row_rule_has_a_message(sukamaju, dinkes, disdik):
    Unit.objects.filter(pk=disdik.pk).update(parent=dinkes)
    rows = [
        {"row": 2, "name": "", "short_name": ""},
        {"row": 3, "name": "Dinas Pendidikan", "short_name": "Baru"},  # Disdik's name
        {"row": 4, "name": "Unit A", "short_name": "A", "parent": "a"},
        {"row": 5, "name": "Dinas Kesehatan", "short_name": "Dinkes", "parent": "Disdik"},  # cycle
        {"row": 6, "name": "N" * 201, "short_name": "S" * 41, "head_name": "K" * 201},
        {"row": 7, "name": "Unit B", "short_name": "B1"},
        {"row": 8, "name": "unit b", "short_name": "B2"},
    ]
    errors = {r.row: " | ".join(r.errors) for r in validate_rows(sukamaju, rows).rows}
    assert "Nama wajib diisi." in errors[2] and "Nama singkat wajib diisi." in errors[2]
    assert "Nama “Dinas Pendidikan” sudah dipakai unit lain (Disdik)." in errors[3]
    assert "Unit tidak boleh menjadi induk bagi dirinya sendiri." in errors[4]
    assert "Induk melingkar: Dinkes → Disdik → Dinkes." in errors[5]
    assert "Nama terlalu panjang: 201 karakter, maksimal 200." in errors[6]
    assert "Nama singkat terlalu panjang: 41 karakter, maksimal 40." in errors[6]
    assert "Nama kepala terlalu panjang: 201 karakter, maksimal 200." in errors[6]
    assert "Nama “Unit B” muncul lebih dari sekali dalam file (baris 7, 8)." in errors[7]


def test_existing_short_name_updates_that_unit(admin, sukamaju, dinkes):
    content = "nama;nama_singkat;jenis;kepala\nDinas Kesehatan Daerah;DINKES;dinas;dr. Hendra\n"
    response = upload(admin, sukamaju, content)
    [row] = response.context["preview"].rows
    assert row.status == "diperbarui" and row.unit_id == dinkes.pk
    response = confirm(admin, sukamaju, response.context["token"])
    dinkes.refresh_from_db()
    assert (dinkes.name, dinkes.short_name, dinkes.head_name) == (
        "Dinas Kesehatan Daerah",
        "Dinkes",
        "dr. Hendra",
    )
    entry = AuditEntry.objects.get(action="unit.update")
    assert entry.before["name"] == "Dinas Kesehatan" and entry.after["name"] == "Dinas Kesehatan Daerah"
    assert AuditEntry.objects.get(action="unit.import").after["updated"] == 1
    assert "0 unit baru, 1 diperbarui." in text(admin.get(url(sukamaju)))


def test_missing_optional_columns_keep_existing_values(admin, sukamaju, dinkes, disdik):
    Unit.objects.filter(pk=disdik.pk).update(parent=dinkes, head_name="Dra. Euis")
    response = upload(admin, sukamaju, "nama,nama_singkat\nDinas Pendidikan dan Kebudayaan,disdik\n")
    confirm(admin, sukamaju, response.context["token"])
    disdik.refresh_from_db()
    assert (disdik.name, disdik.kind, disdik.parent, disdik.head_name) == (
        "Dinas Pendidikan dan Kebudayaan",
        "dinas",
        dinkes,
        "Dra. Euis",
    )


def test_existing_unit_can_move_under_a_new_unit_from_the_same_file(admin, sukamaju, dinkes):
    content = (
        "nama;nama_singkat;jenis;induk\n"
        "Dinas Kesehatan;Dinkes;dinas;Setda\n"
        "Sekretariat Daerah;Setda;sekretariat;\n"
    )
    response = upload(admin, sukamaju, content)
    confirm(admin, sukamaju, response.context["token"])
    dinkes.refresh_from_db()
    assert dinkes.parent.short_name == "Setda"


def test_unchanged_rows_are_not_saved_again(admin, sukamaju, dinkes):
    response = upload(
        admin, sukamaju, "nama;nama_singkat;jenis;induk;kepala\nDinas Kesehatan;Dinkes;dinas;;\n"
    )
    assert response.context["preview"].counts["tetap"] == 1
    assert response.context["token"] == ""
    assert "tidak ada yang perlu disimpan" in text(response)


def test_operator_is_refused_and_outsider_admin_sees_nothing(client, personas, sukamaju):
    client.force_login(personas["operator_dinkes"])
    assert client.get(url(sukamaju)).status_code == 403
    assert upload(client, sukamaju, GOOD_CSV).status_code == 403
    client.force_login(personas["outsider_admin"])
    assert client.get(url(sukamaju)).status_code == 404
    assert upload(client, sukamaju, GOOD_CSV).status_code == 404
    assert not Unit.objects.filter(short_name="Diskominfo").exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "unit.csv", "bukan CSV atau Excel"),
        (b"PK\x03\x04bukan-excel-sama-sekali", "unit.xlsx", "File Excel rusak atau bukan .xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "unit.xls", "Format Excel lama (.xls) tidak didukung"),
        (
            "nama;nama_singkat\nDinas Pekerjaan Umum;Dépu\n".encode("cp1252"),
            "unit.csv",
            "harus berenkode UTF-8",
        ),
        (b"", "unit.csv", "File kosong."),
        (b"\n \n", "unit.csv", "File kosong."),
        (b"nama;nama_singkat\n", "unit.csv", "hanya berisi baris judul"),
        (b"nama;jenis\nDinas Sosial;dinas\n", "unit.csv", "Kolom wajib tidak ada: nama_singkat."),
        (b"nama;name;nama_singkat\nA;B;C\n", "unit.csv", "Kolom nama muncul lebih dari sekali"),
        (b"x" * (2 * 1024 * 1024 + 1), "unit.csv", "File terlalu besar; batasnya 2 MB."),
    ],
)
def test_unreadable_files_get_a_clear_message(admin, sukamaju, content, name, message):
    before = Unit.objects.count()
    response = upload(admin, sukamaju, content, name=name)
    assert response.status_code == 200
    assert message in text(response)
    assert Unit.objects.count() == before


def test_no_file_and_too_many_rows(admin, sukamaju):
    response = admin.post(url(sukamaju), {})
    assert "Pilih file CSV atau Excel (.xlsx) untuk diunggah." in text(response)
    rows = "".join(f"Unit {i};U{i}\n" for i in range(2001))
    response = upload(admin, sukamaju, "nama;nama_singkat\n" + rows)
    assert "File berisi lebih dari 2000 baris data" in text(response)


def test_expired_unknown_or_reused_token_is_refused(admin, sukamaju):
    response = upload(admin, sukamaju, GOOD_CSV)
    token = response.context["token"]
    session = admin.session
    session["unit_import"]["at"] = time.time() - 3600
    session.save()
    response = confirm(admin, sukamaju, token)
    assert response.status_code == 302 and response.url == url(sukamaju)
    assert "tidak dikenal atau sudah kedaluwarsa" in text(admin.get(response.url))
    assert not Unit.objects.filter(short_name="Diskominfo").exists()

    token = upload(admin, sukamaju, GOOD_CSV).context["token"]
    assert confirm(admin, sukamaju, token).url.endswith("/unit/")
    response = confirm(admin, sukamaju, token)  # a second click does not import twice
    assert response.url == url(sukamaju)
    assert AuditEntry.objects.filter(action="unit.import").count() == 1


def test_confirm_validates_again(admin, sukamaju):
    token = upload(admin, sukamaju, GOOD_CSV).context["token"]
    Unit.objects.create(institution=sukamaju, name="Bagian Umum", short_name="Umum", kind="sekretariat")
    response = confirm(admin, sukamaju, token)
    assert response.status_code == 200
    assert "Data unit berubah sejak pratinjau dibuat" in text(response)
    assert "Nama “Bagian Umum” sudah dipakai unit lain (Umum)." in text(response)
    assert response.context["token"] == ""
    assert not Unit.objects.filter(short_name="Diskominfo").exists()


def test_confirm_asks_again_when_a_new_unit_became_an_update(admin, sukamaju):
    token = upload(admin, sukamaju, GOOD_CSV).context["token"]
    Unit.objects.create(institution=sukamaju, name="Diskominfo lama", short_name="DISKOMINFO", kind="dinas")
    response = confirm(admin, sukamaju, token)
    assert response.status_code == 200 and "Data unit berubah sejak pratinjau dibuat" in text(response)
    assert response.context["preview"].counts == {"baru": 2, "diperbarui": 1, "tetap": 0, "galat": 0}
    assert Unit.objects.filter(institution=sukamaju).count() == 3  # Dinkes, Disdik, the new one
    confirm(admin, sukamaju, response.context["token"])
    assert Unit.objects.get(short_name="DISKOMINFO").name == "Dinas Komunikasi dan Informatika"
    assert AuditEntry.objects.get(action="unit.import").after["updated"] == 1


def test_nothing_is_written_if_saving_fails_halfway(personas, sukamaju, monkeypatch):
    rows = read_table(SimpleUploadedFile("u.csv", GOOD_CSV.encode()))
    preview = validate_rows(sukamaju, rows, file_name="u.csv")

    def broken(action, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr("orgs.importing.record", broken)
    with pytest.raises(RuntimeError):
        apply_import(personas["admin"], sukamaju, preview)
    assert not Unit.objects.filter(short_name__in=["Diskominfo", "Bid. Aptika", "Bag. Umum"]).exists()
    assert not AuditEntry.objects.filter(action="unit.create").exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_downloaded_template_imports_as_is(admin, sukamaju, kind):
    response = admin.get(url(sukamaju), {"template": kind})
    assert response.status_code == 200
    assert f"templat-impor-unit.{kind}" in response["Content-Disposition"]
    content = response.content
    if kind == "csv":
        assert content.startswith("\ufeffnama;nama_singkat;jenis;induk;kepala".encode())
    response = upload(admin, sukamaju, content, name=f"templat.{kind}")
    assert response.context["preview"].counts["baru"] == 2
    confirm(admin, sukamaju, response.context["token"])
    assert Unit.objects.get(short_name="Bid. Aptika").parent.short_name == "Diskominfo"


def test_upload_page_describes_the_columns(admin, sukamaju, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = admin.get(url(sukamaju))
    page = text(response)
    assert response.status_code == 200
    for column in ["nama", "nama_singkat", "jenis", "induk", "kepala"]:
        assert f"<code>{column}</code>" in page
    assert "?template=xlsx" in page and "?template=csv" in page
    assert "Unit dicocokkan dengan nama singkat" in page


def test_read_table_rejects_non_files():
    with pytest.raises(TableError):
        read_table(io.BytesIO(b"\x00\x01\x02"))
