"""Bulk import of staff: preview with row errors, refusals, and nothing saved until a clean confirm."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from capacity.importing import read_table, validate_rows
from capacity.models import Staff
from capacity.tests.factories import make_staff
from orgs.tests.test_url_access import login_verified
from swanilai.tabular import TableError

pytestmark = pytest.mark.django_db

HEADER = "nama;nip;jabatan;status_kepegawaian;unit;peran_digital"


def csv_file(*lines, name="pegawai.csv"):
    return SimpleUploadedFile(name, ("\n".join([HEADER, *lines]) + "\n").encode(), content_type="text/csv")


def preview_of(institution, *lines, editable=None):
    return validate_rows(institution, read_table(csv_file(*lines)), editable=editable)


def errors(preview) -> dict[int, str]:
    return {row.row: " ".join(row.errors) for row in preview.rows if row.errors}


def test_clean_file_previews_every_row_as_new(sukamaju, dinkes, disdik):
    preview = preview_of(
        sukamaju,
        "Ani;19850312 201001 2 003;Pranata Komputer;PNS;Dinkes;admin_aplikasi",
        "Dedi;;Operator;Non-ASN;disdik;Operator layanan digital",
        "Rina;199005152023212001;;;Dinkes;pengguna",
    )
    assert not preview.has_errors and preview.counts["baru"] == 3
    ani, dedi, rina = preview.rows
    assert ani.nip == "198503122010012003" and ani.unit == dinkes
    assert dedi.employment == Staff.NON_ASN and dedi.role == "operator_layanan" and dedi.unit == disdik
    assert rina.employment == Staff.PPPK  # inferred from the PPPK code 21


def test_duplicate_nip_in_file_refused_on_both_rows(sukamaju, dinkes):
    preview = preview_of(
        sukamaju, "Ani;198503122010012003;;PNS;Dinkes;pengguna", "Ana;198503122010012003;;PNS;Dinkes;pengguna"
    )
    assert set(errors(preview)) == {2, 3}
    assert "lebih dari sekali dalam file (baris 2, 3)" in errors(preview)[2]


def test_nip_already_registered_refused(sukamaju, dinkes, disdik):
    make_staff(disdik, "Ani Lama", 3, employment=Staff.PNS)
    preview = preview_of(sukamaju, "Ani Baru;19850312 201001 1 003;;PNS;Dinkes;pengguna")
    assert "sudah terdaftar atas nama Ani Lama (Disdik)" in errors(preview)[2]


@pytest.mark.parametrize(
    "nip, message",
    [
        ("19850312201001100", "harus 18 digit, bukan 17"),
        ("198502302010011003", "bukan tanggal lahir yang ada"),
        ("198503122010141003", "bulan pengangkatan"),
        ("198503122010013003", "jenis kelamin"),
        ("", "NIP wajib diisi untuk PNS dan PPPK"),
    ],
)
def test_bad_nip_refused(sukamaju, dinkes, nip, message):
    assert message in errors(preview_of(sukamaju, f"Ani;{nip};;PNS;Dinkes;pengguna"))[2]


def test_non_asn_with_nip_refused(sukamaju, dinkes):
    assert (
        "non-ASN tidak memiliki NIP"
        in errors(preview_of(sukamaju, "Ani;198503122010012003;;Non-ASN;Dinkes;pengguna"))[2]
    )


def test_unknown_unit_role_and_status_refused(sukamaju, dinkes):
    found = errors(
        preview_of(
            sukamaju,
            "Ani;;;Non-ASN;Dinas Antah Berantah;pengguna",
            "Budi;;;Non-ASN;Dinkes;juru masak",
            "Cici;;;Honorer Tetap;Dinkes;pengguna",
            ";;;Non-ASN;Dinkes;pengguna",
        )
    )
    assert "Unit “Dinas Antah Berantah” tidak ditemukan" in found[2]
    assert "Peran digital “juru masak” tidak dikenal" in found[3]
    assert "Status kepegawaian “Honorer Tetap” tidak dikenal" in found[4]
    assert "Nama wajib diisi" in found[5]


def test_unit_user_may_import_only_into_their_own_unit(sukamaju, dinkes, disdik):
    preview = preview_of(
        sukamaju, "Ani;;;Non-ASN;Disdik;pengguna", "Budi;;;Non-ASN;;pengguna", editable={dinkes.pk}
    )
    assert "hanya dapat mengimpor pegawai unit Anda sendiri, bukan Disdik" in errors(preview)[2]
    assert preview.rows[1].unit == dinkes  # an empty unit is the user's only unit


def test_nip_typed_as_a_number_in_excel_is_refused(sukamaju, dinkes):
    book = openpyxl.Workbook()
    book.active.append(["nama", "nip", "unit", "peran_digital"])
    book.active.append(["Ani", 1.98503122010012e17, "Dinkes", "pengguna"])
    out = io.BytesIO()
    book.save(out)
    rows = read_table(SimpleUploadedFile("p.xlsx", out.getvalue()))
    assert "terbaca sebagai angka" in errors(validate_rows(sukamaju, rows))[2]


def test_missing_required_column_refuses_the_file(sukamaju):
    with pytest.raises(TableError, match="peran_digital"):
        read_table(SimpleUploadedFile("p.csv", b"nama;nip\nAni;\n"))


# -- through the page ----------------------------------------------------------------------------------


def test_upload_preview_confirm(client, personas, sukamaju, dinkes):
    login_verified(client, personas["operator_dinkes"])
    url = reverse("capacity:staff_import", args=[sukamaju.slug])
    response = client.post(
        url,
        {"file": csv_file("Ani;198503122010012003;;PNS;;admin_aplikasi", "Dedi;;;Non-ASN;Dinkes;pengguna")},
    )
    assert response.status_code == 200 and not Staff.objects.exists()
    token = response.context["token"]
    assert token
    response = client.post(url, {"token": token})
    assert response.status_code == 302
    assert sorted(Staff.objects.values_list("name", "unit__short_name")) == [
        ("Ani", "Dinkes"),
        ("Dedi", "Dinkes"),
    ]
    assert AuditEntry.objects.filter(action="staff.import", after__created=2).exists()
    assert client.post(url, {"token": token}).status_code == 302  # a token works once
    assert Staff.objects.count() == 2


def test_file_with_any_error_saves_nothing_and_offers_no_save(client, personas, sukamaju, dinkes):
    login_verified(client, personas["admin"])
    url = reverse("capacity:staff_import", args=[sukamaju.slug])
    response = client.post(
        url,
        {"file": csv_file("Ani;198503122010012003;;PNS;Dinkes;pengguna", "Budi;123;;PNS;Dinkes;pengguna")},
    )
    page = response.content.decode()
    assert "Baris 3:" in page and 'name="token"' not in page
    assert response.context["token"] == "" and not Staff.objects.exists()


def test_confirm_revalidates_against_the_registry(client, personas, sukamaju, dinkes):
    login_verified(client, personas["admin"])
    url = reverse("capacity:staff_import", args=[sukamaju.slug])
    token = client.post(url, {"file": csv_file("Ani;198503122010012003;;PNS;Dinkes;pengguna")}).context[
        "token"
    ]
    Staff.objects.create(
        institution=sukamaju,
        unit=dinkes,
        name="Ani (baru saja)",
        nip="198503122010012003",
        digital_role="pengguna",
    )
    response = client.post(url, {"token": token})
    assert response.status_code == 200 and "sudah terdaftar" in response.content.decode()
    assert Staff.objects.count() == 1


def test_templates_download(client, personas, sukamaju):
    login_verified(client, personas["admin"])
    url = reverse("capacity:staff_import", args=[sukamaju.slug])
    book = openpyxl.load_workbook(io.BytesIO(client.get(url + "?template=xlsx").content))
    assert [c.value for c in book.active[1]] == [
        "nama",
        "nip",
        "jabatan",
        "status_kepegawaian",
        "unit",
        "peran_digital",
    ]
    assert client.get(url + "?template=csv").content.startswith("\ufeffnama;nip".encode())
