"""The offline Excel sheet of a unit assessment over HTTP: download, upload → preview → confirm."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import services
from assessment.models import Answer, AnswerEvidence, Evidence, UnitAssessment
from audit.models import AuditEntry
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db

FIRST_ROW = 11  # header block of nine rows, a blank row, then the column titles
ID_COLUMN, LEVEL, FAKTA, ANALISIS = 9, 5, 6, 7


def download_url(institution, assessment):
    return f"/instansi/{institution.slug}/penilaian/{assessment.pk}/excel/"


def upload_url(institution, assessment):
    return f"/instansi/{institution.slug}/penilaian/{assessment.pk}/excel/unggah/"


def download(client, institution, assessment):
    response = client.get(download_url(institution, assessment))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def row_of(book, answer):
    sheet = book["Jawaban"]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row=row, column=ID_COLUMN).value == answer.pk:
            return row
    raise AssertionError(f"answer {answer.pk} not in the sheet")


def fill(book, answer, level, fakta, analisis):
    sheet, row = book["Jawaban"], row_of(book, answer)
    sheet.cell(row=row, column=LEVEL).value = level
    sheet.cell(row=row, column=FAKTA).value = fakta
    sheet.cell(row=row, column=ANALISIS).value = analisis


def as_upload(book, name="lembar-dinkes.xlsx"):
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


def upload(client, institution, assessment, file):
    return client.post(upload_url(institution, assessment), {"file": file})


def confirm(client, institution, assessment, token, overwrite=()):
    return client.post(
        upload_url(institution, assessment), {"token": token, "timpa": [a.pk for a in overwrite]}
    )


def file_error(response) -> str:
    assert response.status_code == 200
    return " ".join(response.context["form"].errors.get("file", []))


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' passwords are never typed here; hashing ten of them per test is just slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def answers(dinkes_assessment):
    return list(dinkes_assessment.answers.select_related("indicator").order_by("indicator__number"))


@pytest.fixture
def operator(client, personas):
    login_verified(client, personas["operator_dinkes"])
    return personas["operator_dinkes"]


# -- download -------------------------------------------------------------------------------------


def test_download_rows_header_integrity_and_protection(
    client, operator, sukamaju, dinkes_assessment, answers, django_assert_max_num_queries
):
    first = answers[0]
    Answer.objects.filter(pk=first.pk).update(level=2, fakta="=SUM(A1:A3) bukan rumus", analisis="Sudah")
    evidence = Evidence.objects.create(
        unit=dinkes_assessment.unit,
        kind=Evidence.LINK,
        title="Perbup SPBE",
        url="https://jdih.example.go.id/perbup-5",
    )
    AnswerEvidence.objects.create(answer=first, evidence=evidence, item_code="")
    scan = Evidence.objects.create(
        unit=dinkes_assessment.unit,
        kind=Evidence.FILE,
        title="Notulen rapat",
        original_name="notulen.pdf",
        sha256="0" * 64,
        document_date=date(2025, 3, 1),
    )
    AnswerEvidence.objects.create(answer=answers[2], evidence=scan, item_code="")

    with django_assert_max_num_queries(12):
        response = client.get(download_url(sukamaju, dinkes_assessment))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="swanilai-pm-spbe-2026-dinkes.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Jawaban", "Data dukung", "_swanilai"]

    sheet = book["Jawaban"]
    header = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(2, 9)}
    assert header["Instansi"] == sukamaju.name
    assert header["Unit"] == "Dinas Kesehatan (Dinkes)"
    assert header["Periode"] == "PM SPBE 2026"
    assert "spbe-2020 versi 1" in header["Instrumen"]
    assert header["ID penilaian"] == dinkes_assessment.pk
    assert header["Putaran"] == 1
    assert header["Dibuat"].endswith("WIB")
    assert [c.value for c in sheet[FIRST_ROW - 1]][:5] == [
        "No.",
        "Indikator",
        "Pertanyaan",
        "Kriteria tiap level",
        "Level",
    ]
    ids = [sheet.cell(row=r, column=ID_COLUMN).value for r in range(FIRST_ROW, sheet.max_row + 1)]
    assert ids == [a.pk for a in answers]

    top = sheet[FIRST_ROW]
    assert top[0].value == "1" and top[1].value == first.indicator.name
    assert top[3].value.startswith("1 · Rintisan: ") and "\n5 · Optimum: " in top[3].value
    assert top[4].value == 2 and top[7].value == 0
    assert top[5].value == "=SUM(A1:A3) bukan rumus" and top[5].data_type == "s"
    assert sheet.protection.sheet
    assert [c.protection.locked for c in top] == [True, True, True, True, False, False, False, True, True]
    assert sheet.freeze_panes == f"A{FIRST_ROW}"
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"1,2,3,4,5"' and f"E{FIRST_ROW}" in str(validation.sqref)

    assert book["_swanilai"].sheet_state == "hidden"
    meta = {r[0].value: r[1].value for r in book["_swanilai"].iter_rows(max_row=8)}
    assert meta["assessment"] == dinkes_assessment.pk and meta["unit"] == dinkes_assessment.unit_id
    assert meta["framework"] == "spbe-2020" and len(meta["signature"]) == 64

    evidence_sheet = book["Data dukung"]
    assert list(evidence_sheet.iter_rows(min_row=2, values_only=True)) == [
        ("1", first.indicator.short_name, None, "Perbup SPBE", "https://jdih.example.go.id/perbup-5", None),
        ("3", answers[2].indicator.short_name, None, "Notulen rapat", "notulen.pdf", datetime(2025, 3, 1)),
    ]
    assert (
        evidence_sheet["E3"].hyperlink.target
        == f"http://testserver/instansi/{sukamaju.slug}/bukti/{scan.pk}/unduh/"
    )


# -- upload, preview, confirm ---------------------------------------------------------------------


def test_upload_previews_then_confirm_saves_through_the_service(
    client, operator, sukamaju, dinkes_assessment, answers
):
    book = download(client, sukamaju, dinkes_assessment)
    fill(book, answers[0], 2, "  Perbup 5/2025 hal. 3  ", "Kebijakan sudah ditetapkan")
    fill(book, answers[3], "3", "SK Kadis 12/2025", "Sudah terdefinisi")

    response = upload(client, sukamaju, dinkes_assessment, as_upload(book))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [r.answer.pk for r in preview.changes] == [answers[0].pk, answers[3].pk]
    assert preview.unchanged == len(answers) - 2 and not preview.conflicts and not preview.errors
    page = response.content.decode()
    assert "Perbup 5/2025 hal. 3" in page and "Simpan perubahan" in page
    assert not Answer.objects.filter(assessment=dinkes_assessment).exclude(level=None).exists()
    assert not AuditEntry.objects.filter(action="answer.save").exists()

    response = confirm(client, sukamaju, dinkes_assessment, response.context["token"])
    assert response.status_code == 302
    assert response["Location"] == f"/instansi/{sukamaju.slug}/penilaian/{dinkes_assessment.pk}/"
    first, fourth = Answer.objects.get(pk=answers[0].pk), Answer.objects.get(pk=answers[3].pk)
    assert (first.level, first.fakta, first.analisis, first.version) == (
        2,
        "Perbup 5/2025 hal. 3",
        "Kebijakan sudah ditetapkan",
        1,
    )
    assert (fourth.level, fourth.fakta, fourth.version, fourth.updated_by) == (
        3,
        "SK Kadis 12/2025",
        1,
        operator,
    )
    assert AuditEntry.objects.filter(action="answer.save").count() == 2
    entry = AuditEntry.objects.get(action="assessment.excel_import")
    assert entry.after == {"changed": 2, "file": "lembar-dinkes.xlsx", "overwritten": 0}
    assert entry.actor == operator

    # The token is spent: posting it again saves nothing more.
    response = confirm(client, sukamaju, dinkes_assessment, "sudah-dipakai")
    assert response.status_code == 302 and AuditEntry.objects.filter(action="answer.save").count() == 2


def test_sheet_of_another_unit_is_refused(client, personas, sukamaju, campaign, dinkes_assessment):
    disdik_assessment = campaign.assessments.get(unit__short_name="Disdik")
    login_verified(client, personas["operator_disdik"])
    book = download(client, sukamaju, disdik_assessment)
    sheet = book["Jawaban"]
    sheet.cell(row=FIRST_ROW, column=LEVEL).value = 2
    login_verified(client, personas["operator_dinkes"])
    response = upload(client, sukamaju, dinkes_assessment, as_upload(book))
    assert "Lembar ini milik unit lain, bukan Dinas Kesehatan" in file_error(response)
    assert response.context["preview"] is None
    assert not Answer.objects.exclude(level=None).exists()


def _change_answer_id(book):
    book["Jawaban"].cell(row=FIRST_ROW + 1, column=ID_COLUMN).value = (
        book["Jawaban"].cell(row=FIRST_ROW, column=ID_COLUMN).value
    )


def _delete_row(book):
    book["Jawaban"].delete_rows(FIRST_ROW + 2)


def _swap_rows(book):
    sheet = book["Jawaban"]
    for column in range(1, ID_COLUMN + 1):
        a, b = sheet.cell(row=FIRST_ROW, column=column), sheet.cell(row=FIRST_ROW + 1, column=column)
        a.value, b.value = b.value, a.value


def _add_row(book):
    sheet = book["Jawaban"]
    sheet.cell(row=sheet.max_row + 1, column=LEVEL).value = 3


def _edit_block(book):
    book["_swanilai"]["B2"] = book["_swanilai"]["B2"].value + 1


def _drop_block(book):
    del book["_swanilai"]


@pytest.mark.parametrize(
    "tamper", [_change_answer_id, _delete_row, _swap_rows, _add_row, _edit_block, _drop_block]
)
def test_tampered_sheet_is_refused(tamper, client, operator, sukamaju, dinkes_assessment, answers):
    book = download(client, sukamaju, dinkes_assessment)
    fill(book, answers[0], 2, "a", "b")
    tamper(book)
    response = upload(client, sukamaju, dinkes_assessment, as_upload(book))
    assert "telah diubah strukturnya atau bukan unduhan Swanilai" in file_error(response)
    assert not Answer.objects.exclude(level=None).exists()


def test_level_outside_the_scale_is_a_row_error_and_nothing_is_saved(
    client, operator, sukamaju, dinkes_assessment, answers
):
    book = download(client, sukamaju, dinkes_assessment)
    fill(book, answers[0], 2, "Perbup", "Ada")
    fill(book, answers[1], 7, "Perbup", "Ada")
    fill(book, answers[2], "tiga", "Perbup", "Ada")
    response = upload(client, sukamaju, dinkes_assessment, as_upload(book))
    preview = response.context["preview"]
    assert [r.answer.pk for r in preview.errors] == [answers[1].pk, answers[2].pk]
    assert response.context["token"] == ""
    page = response.content.decode()
    assert f"Baris {FIRST_ROW + 1} (indikator 2): Level harus antara 1 dan 5." in page
    assert f"Baris {FIRST_ROW + 2} (indikator 3): Level harus bilangan bulat." in page
    assert "Simpan perubahan" not in page
    assert not Answer.objects.exclude(level=None).exists()


def test_web_edit_after_download_is_a_conflict_applied_only_when_overwrite_ticked(
    client, operator, personas, sukamaju, dinkes_assessment, answers
):
    book = download(client, sukamaju, dinkes_assessment)
    head = personas["head_dinkes"]
    web = services.AnswerInput(4, "Diisi kepala di web", "Analisis web")
    services.save_answer(head, Answer.objects.get(pk=answers[0].pk), web, 0)
    services.save_answer(head, Answer.objects.get(pk=answers[5].pk), web, 0)  # row left alone offline
    fill(book, answers[0], 2, "Diisi operator di Excel", "Analisis Excel")
    fill(book, answers[1], 3, "Baris tanpa konflik", "Analisis")

    response = upload(client, sukamaju, dinkes_assessment, as_upload(book))
    preview = response.context["preview"]
    assert [r.answer.pk for r in preview.conflicts] == [answers[0].pk]
    assert [r.answer.pk for r in preview.changes] == [answers[1].pk]
    assert preview.kept == 1
    assert "versi web 1, lembar 0" in response.content.decode()

    response = confirm(client, sukamaju, dinkes_assessment, response.context["token"])
    assert response.status_code == 302
    assert Answer.objects.get(pk=answers[0].pk).fakta == "Diisi kepala di web"
    assert Answer.objects.get(pk=answers[1].pk).fakta == "Baris tanpa konflik"
    assert Answer.objects.get(pk=answers[5].pk).fakta == "Diisi kepala di web"

    response = upload(client, sukamaju, dinkes_assessment, as_upload(book))
    assert [r.answer.pk for r in response.context["preview"].conflicts] == [answers[0].pk]
    response = confirm(client, sukamaju, dinkes_assessment, response.context["token"], overwrite=[answers[0]])
    assert response.status_code == 302
    overwritten = Answer.objects.get(pk=answers[0].pk)
    assert (overwritten.level, overwritten.fakta, overwritten.version) == (2, "Diisi operator di Excel", 2)
    assert Answer.objects.get(pk=answers[5].pk).fakta == "Diisi kepala di web"
    assert AuditEntry.objects.filter(action="assessment.excel_import").latest("id").after["overwritten"] == 1


def test_web_edit_between_preview_and_confirm_shows_a_fresh_preview(
    client, operator, personas, sukamaju, dinkes_assessment, answers
):
    book = download(client, sukamaju, dinkes_assessment)
    fill(book, answers[0], 2, "Excel", "Excel")
    response = upload(client, sukamaju, dinkes_assessment, as_upload(book))
    token = response.context["token"]
    web = services.AnswerInput(4, "Web", "Web")
    services.save_answer(personas["head_dinkes"], Answer.objects.get(pk=answers[0].pk), web, 0)

    response = confirm(client, sukamaju, dinkes_assessment, token, overwrite=[answers[0]])
    assert response.status_code == 200 and response.context["stale"]
    assert [r.answer.pk for r in response.context["preview"].conflicts] == [answers[0].pk]
    assert Answer.objects.get(pk=answers[0].pk).fakta == "Web"
    assert not AuditEntry.objects.filter(action="assessment.excel_import").exists()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("foto.png", PNG, "berupa gambar, bukan lembar Excel"),
        ("jawaban.csv", b"No.;Level;FAKTA\n1;3;Perbup\n", "berupa teks (misalnya CSV)"),
        (
            "lama.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
            "Format Excel lama (.xls) tidak didukung",
        ),
        ("rusak.xlsx", b"PK\x03\x04" + b"\x00" * 200, "File Excel rusak atau bukan .xlsx"),
        ("besar.xlsx", b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024), "File terlalu besar; batasnya 5 MB"),
    ],
)
def test_file_that_is_not_a_swanilai_xlsx_gets_a_clear_message(
    name, content, message, client, operator, sukamaju, dinkes_assessment
):
    response = upload(client, sukamaju, dinkes_assessment, SimpleUploadedFile(name, content))
    assert message in file_error(response)


def test_plain_workbook_without_the_block_is_refused(client, operator, sukamaju, dinkes_assessment):
    book = openpyxl.Workbook()
    book.active.title = "Jawaban"
    book.active.append(["No.", "Level"])
    response = upload(client, sukamaju, dinkes_assessment, as_upload(book))
    assert "bukan unduhan Swanilai" in file_error(response)


# -- who may --------------------------------------------------------------------------------------

# GET status per persona; "upload" is the upload page (answering needs the unit's operator or head).
ACCESS = {
    "anonymous": (302, 302),
    "operator_dinkes": (200, 200),
    "head_dinkes": (200, 200),
    "operator_disdik": (404, 404),
    "head_disdik": (404, 404),
    "verifier": (200, 403),
    "koordinator": (200, 403),
    "viewer": (200, 403),
    "admin": (200, 403),
    "outsider_admin": (404, 404),
    "platform_admin": (200, 403),
}


@pytest.mark.parametrize("persona", sorted(ACCESS))
def test_get_access_by_persona(persona, client, personas, sukamaju, dinkes_assessment):
    if persona != "anonymous":
        login_verified(client, personas[persona])
    expected = ACCESS[persona]
    assert client.get(download_url(sukamaju, dinkes_assessment)).status_code == expected[0]
    assert client.get(upload_url(sukamaju, dinkes_assessment)).status_code == expected[1]


def test_verifier_downloads_but_cannot_upload(client, personas, sukamaju, dinkes_assessment, answers):
    login_verified(client, personas["verifier"])
    book = download(client, sukamaju, dinkes_assessment)
    fill(book, answers[0], 2, "a", "b")
    assert upload(client, sukamaju, dinkes_assessment, as_upload(book)).status_code == 403
    assert client.post(upload_url(sukamaju, dinkes_assessment), {"token": "x"}).status_code == 403
    assert not Answer.objects.exclude(level=None).exists()


def test_operator_of_another_unit_gets_404(client, personas, sukamaju, dinkes_assessment, answers):
    login_verified(client, personas["operator_dinkes"])
    book = download(client, sukamaju, dinkes_assessment)
    login_verified(client, personas["operator_disdik"])
    assert client.get(download_url(sukamaju, dinkes_assessment)).status_code == 404
    assert upload(client, sukamaju, dinkes_assessment, as_upload(book)).status_code == 404


def test_submitted_assessment_refuses_upload(client, operator, sukamaju, dinkes_assessment, answers):
    book = download(client, sukamaju, dinkes_assessment)
    fill(book, answers[0], 2, "a", "b")
    UnitAssessment.objects.filter(pk=dinkes_assessment.pk).update(status=UnitAssessment.SUBMITTED)

    page = client.get(upload_url(sukamaju, dinkes_assessment)).content.decode()
    assert "sudah dikirim dan terkunci" in page and 'type="file"' not in page
    response = upload(client, sukamaju, dinkes_assessment, as_upload(book))
    assert "sudah dikirim dan terkunci" in response.content.decode()
    assert response.context["preview"] is None
    assert not Answer.objects.exclude(level=None).exists()


def test_returned_assessment_refuses_rows_not_asked_for_revision(
    client, operator, sukamaju, dinkes_assessment, answers
):
    book = download(client, sukamaju, dinkes_assessment)
    fill(book, answers[0], 2, "a", "b")
    UnitAssessment.objects.filter(pk=dinkes_assessment.pk).update(status=UnitAssessment.RETURNED)
    response = upload(client, sukamaju, dinkes_assessment, as_upload(book))
    preview = response.context["preview"]
    assert [r.answer.pk for r in preview.errors] == [answers[0].pk] and response.context["token"] == ""
    assert f"Baris {FIRST_ROW} (indikator 1): " in response.content.decode()
    assert not Answer.objects.exclude(level=None).exists()


def test_submit_between_preview_and_confirm_saves_nothing(
    client, operator, sukamaju, dinkes_assessment, answers
):
    book = download(client, sukamaju, dinkes_assessment)
    fill(book, answers[0], 2, "a", "b")
    token = upload(client, sukamaju, dinkes_assessment, as_upload(book)).context["token"]
    UnitAssessment.objects.filter(pk=dinkes_assessment.pk).update(status=UnitAssessment.SUBMITTED)
    response = confirm(client, sukamaju, dinkes_assessment, token)
    assert "sudah dikirim dan terkunci" in response.content.decode()
    assert not Answer.objects.exclude(level=None).exists()
