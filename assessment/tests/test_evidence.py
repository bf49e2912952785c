"""Evidence (data dukung): upload, reuse, links, butir, download and the S3 backend."""

import hashlib
import io
import struct
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from assessment import evidence as services
from assessment.models import Answer, AnswerEvidence, Evidence, UnitAssessment
from assessment.services import AssessmentError
from audit.models import AuditEntry
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 500
ELF = (
    b"\x7fELF\x02\x01\x01\x00"
    + b"\x00" * 8
    + struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, 0x401000, 64, 0, 0, 64, 56, 1, 64, 0, 0)
    + b"\x00" * 400
)
FS_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Files on disk in a temporary MEDIA_ROOT, whatever the environment says."""
    settings.STORAGES = FS_STORAGES
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def pdf(name="Perbup SPBE 2025.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(extra=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        package.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


def url(sukamaju, answer, action):
    return f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/bukti/{action}/"


def download_url(sukamaju, evidence):
    return f"/instansi/{sukamaju.slug}/bukti/{evidence.pk}/unduh/"


@pytest.fixture
def two_answers(dinkes_assessment):
    return list(dinkes_assessment.answers.select_related("indicator").order_by("indicator__number")[:2])


@pytest.fixture
def operator(client, personas):
    login_verified(client, personas["operator_dinkes"])
    return client


# -- uploads --------------------------------------------------------------------------------------


def test_upload_pdf_is_stored_once_under_a_safe_name(operator, sukamaju, dinkes, two_answers, media):
    answer = two_answers[0]
    response = operator.post(
        url(sukamaju, answer, "unggah"),
        {
            "file": pdf("../../etc/Perbup SPBE\x00 2025.pdf"),
            "title": "Perbup SPBE",
            "document_date": "2025-03-01",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="evidence-panel"' in body and "Perbup SPBE" in body
    evidence = Evidence.objects.get()
    digest = hashlib.sha256(PDF).hexdigest()
    assert evidence.sha256 == digest and evidence.size == len(PDF)
    assert evidence.kind == Evidence.FILE and evidence.content_type == "application/pdf"
    assert evidence.original_name == "Perbup SPBE 2025.pdf"
    assert evidence.file.name == f"evidence/{dinkes.pk}/{digest[:2]}/{digest}.pdf"
    assert evidence.document_date == date(2025, 3, 1)
    assert stored_files(media) == [evidence.file.name]
    assert (media / evidence.file.name).read_bytes() == PDF
    assert AnswerEvidence.objects.get().answer == answer
    assert AuditEntry.objects.filter(action="evidence.upload").count() == 1


def test_same_bytes_for_another_indicator_reuse_the_evidence(operator, sukamaju, two_answers, media):
    for answer in two_answers:
        response = operator.post(
            url(sukamaju, answer, "unggah"), {"file": pdf(), "title": "Perbup"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
    assert Evidence.objects.count() == 1
    assert AnswerEvidence.objects.count() == 2
    assert len(stored_files(media)) == 1
    # The same file again on the same answer is refused, not attached twice.
    response = operator.post(url(sukamaju, two_answers[0], "unggah"), {"file": pdf()}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "sudah terlampir" in response.content.decode()
    assert AnswerEvidence.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "detected"), [(EXE, "application/x-dosexec"), (ELF, "application/x-executable")]
)
def test_executable_posing_as_pdf_is_refused(operator, sukamaju, two_answers, media, content, detected):
    response = operator.post(
        url(sukamaju, two_answers[0], "unggah"), {"file": pdf("laporan.pdf", content)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert (
        f"Berkas ini bukan PDF, gambar atau dokumen perkantoran (terdeteksi: {detected})."
        in response.content.decode()
    )
    assert not Evidence.objects.exists() and not AnswerEvidence.objects.exists()
    assert stored_files(media) == []


@override_settings(EVIDENCE_MAX_MB=1)
def test_oversize_file_is_refused(operator, sukamaju, two_answers, media):
    big = PDF + b"%" + b"x" * (1024 * 1024)
    response = operator.post(
        url(sukamaju, two_answers[0], "unggah"), {"file": pdf("besar.pdf", big)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "terlalu besar" in response.content.decode() and "1 MB" in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(media) == []


def test_the_institution_admin_sets_the_upload_limit(operator, personas, sukamaju, two_answers, media):
    """The admin lowers the limit on the settings page; a file above it is refused, one below it
    is kept, and the form shows the limit."""
    client = Client()
    login_verified(client, personas["admin"])
    form = client.get(f"/instansi/{sukamaju.slug}/pengaturan/").content.decode()
    assert 'name="evidence_max_mb"' in form
    data = {
        "name": sukamaju.name,
        "slug": sukamaju.slug,
        "kind": sukamaju.kind,
        "region_code": sukamaju.region_code,
        "time_zone": sukamaju.time_zone,
        "require_2fa": "on",
    }
    response = client.post(f"/instansi/{sukamaju.slug}/pengaturan/", data | {"evidence_max_mb": "100000"})
    assert "ketentuan platform" in response.content.decode()
    response = client.post(f"/instansi/{sukamaju.slug}/pengaturan/", data | {"evidence_max_mb": "0"})
    assert response.status_code == 200 and "evidence_max_mb" in response.content.decode()
    response = client.post(f"/instansi/{sukamaju.slug}/pengaturan/", data | {"evidence_max_mb": "1"})
    assert response.status_code == 302
    sukamaju.refresh_from_db()
    assert sukamaju.evidence_max_mb == 1
    assert AuditEntry.objects.filter(action="institution.update").exists()

    page = operator.get(f"/instansi/{sukamaju.slug}/jawaban/{two_answers[0].pk}/").content.decode()
    assert "paling besar 1 MB" in page
    big = PDF + b"%" + b"x" * (1024 * 1024)
    response = operator.post(
        url(sukamaju, two_answers[0], "unggah"), {"file": pdf("besar.pdf", big)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400 and "batasnya 1 MB" in response.content.decode()
    response = operator.post(
        url(sukamaju, two_answers[0], "unggah"), {"file": pdf("kecil.pdf", PDF)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and Evidence.objects.count() == 1


def test_docx_built_with_zipfile_is_accepted(operator, sukamaju, two_answers):
    upload = SimpleUploadedFile("Notulen rapat.docx", docx(), content_type="application/octet-stream")
    response = operator.post(
        url(sukamaju, two_answers[0], "unggah"), {"file": upload}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert evidence.content_type == services.DOCX
    assert evidence.file.name.endswith(".docx")
    assert evidence.title == "Notulen rapat.docx"


@pytest.mark.parametrize(
    ("content", "detected"),
    [
        (docx({"word/vbaProject.bin": b"\x00"}), "application/vnd.ms-word.document.macroEnabled.12"),
        (b"PK\x03\x04" + b"\x00" * 300, "application/zip"),
    ],
)
def test_macro_documents_and_plain_zips_are_refused(operator, sukamaju, two_answers, content, detected):
    upload = SimpleUploadedFile("dokumen.docx", content)
    response = operator.post(
        url(sukamaju, two_answers[0], "unggah"), {"file": upload}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert f"terdeteksi: {detected}" in response.content.decode()
    assert not Evidence.objects.exists()


def test_missing_file_and_future_date_get_messages(operator, sukamaju, two_answers, media):
    answer = two_answers[0]
    response = operator.post(url(sukamaju, answer, "unggah"), {"title": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Pilih berkas" in response.content.decode()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = operator.post(
        url(sukamaju, answer, "unggah"), {"file": pdf(), "document_date": tomorrow}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "Tanggal dokumen tidak boleh di masa depan." in response.content.decode()
    response = operator.post(
        url(sukamaju, answer, "unggah"),
        {"file": pdf(), "document_date": "31-02-2025"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400 and "Tanggal dokumen tidak valid." in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(media) == []


def test_without_javascript_the_page_redirects_with_a_message(operator, sukamaju, two_answers):
    answer = two_answers[0]
    response = operator.post(url(sukamaju, answer, "unggah"), {"file": pdf(), "title": "Perbup"})
    assert response.status_code == 302
    assert response["Location"] == f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/#evidence-panel"
    page = operator.get(response["Location"]).content.decode()
    assert "Data dukung &quot;Perbup&quot; dilampirkan." in page
    assert "Perbup SPBE 2025.pdf" in page
    response = operator.post(url(sukamaju, answer, "tautan"), {"url": "ftp://contoh.go.id/x"}, follow=True)
    assert "Tautan harus diawali http:// atau https://." in response.content.decode()


# -- links and reuse ------------------------------------------------------------------------------


def test_link_evidence_is_deduplicated_per_unit(operator, sukamaju, two_answers):
    for answer in two_answers:
        response = operator.post(
            url(sukamaju, answer, "tautan"),
            {"url": "https://jdih.sukamaju.go.id/perbup-12-2025", "title": "Perbup 12/2025"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert evidence.kind == Evidence.LINK and evidence.url == "https://jdih.sukamaju.go.id/perbup-12-2025"
    assert AnswerEvidence.objects.count() == 2
    assert 'href="https://jdih.sukamaju.go.id/perbup-12-2025"' in response.content.decode()
    assert AuditEntry.objects.filter(action="evidence.link").count() == 2


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://contoh.go.id/berkas", "data:text/html,hi"])
def test_link_must_be_http_or_https(operator, sukamaju, two_answers, bad):
    response = operator.post(
        url(sukamaju, two_answers[0], "tautan"), {"url": bad, "title": "x"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "Tautan harus diawali http:// atau https://." in response.content.decode()
    assert not Evidence.objects.exists()


def test_link_with_future_date_or_bad_address_is_refused(personas, two_answers):
    answer = two_answers[0]
    with pytest.raises(AssessmentError, match="masa depan"):
        services.add_link(
            personas["operator_dinkes"],
            answer,
            url="https://contoh.go.id",
            title="x",
            document_date=timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(AssessmentError, match="tidak valid"):
        services.add_link(personas["operator_dinkes"], answer, url="https://", title="x")
    assert not Evidence.objects.exists()


def test_library_evidence_attaches_to_another_indicator(operator, sukamaju, two_answers):
    first, second = two_answers
    operator.post(url(sukamaju, first, "unggah"), {"file": pdf(), "title": "Perbup"}, HTTP_HX_REQUEST="true")
    evidence = Evidence.objects.get()
    page = operator.get(f"/instansi/{sukamaju.slug}/jawaban/{second.pk}/").content.decode()
    assert f'<option value="{evidence.pk}">Perbup' in page
    response = operator.post(
        url(sukamaju, second, "lampirkan"), {"evidence": evidence.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert AnswerEvidence.objects.filter(answer=second, evidence=evidence).exists()
    assert AuditEntry.objects.filter(action="evidence.attach").count() == 1


def test_another_units_evidence_cannot_be_attached(client, personas, sukamaju, campaign, two_answers):
    disdik_answer = campaign.assessments.get(unit__short_name="Disdik").answers.first()
    theirs = services.add_file(
        personas["operator_disdik"], disdik_answer, pdf(), title="Milik Disdik"
    ).evidence
    login_verified(client, personas["operator_dinkes"])
    response = client.post(
        url(sukamaju, two_answers[0], "lampirkan"), {"evidence": theirs.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    with pytest.raises(Exception) as refused:
        services.attach_existing(personas["operator_dinkes"], two_answers[0], theirs)
    assert refused.type.__name__ == "Http404"
    assert AnswerEvidence.objects.count() == 1


# -- detach, locking, download --------------------------------------------------------------------


def test_detach_keeps_the_stored_file(operator, sukamaju, two_answers, media):
    answer = two_answers[0]
    operator.post(url(sukamaju, answer, "unggah"), {"file": pdf()}, HTTP_HX_REQUEST="true")
    attachment = AnswerEvidence.objects.get()
    response = operator.post(url(sukamaju, answer, f"{attachment.pk}/lepas"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Belum ada data dukung." in response.content.decode()
    assert not AnswerEvidence.objects.exists()
    evidence = Evidence.objects.get()
    assert stored_files(media) == [evidence.file.name]
    assert AuditEntry.objects.filter(action="evidence.detach").count() == 1
    # A detached file is back in the library of the answer.
    page = operator.get(f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/").content.decode()
    assert f'<option value="{evidence.pk}">' in page


def test_submitted_assessment_refuses_every_change(
    client, personas, sukamaju, dinkes_assessment, two_answers, media
):
    answer = two_answers[0]
    attachment = services.add_file(personas["operator_dinkes"], answer, pdf(), title="Perbup")
    UnitAssessment.objects.filter(pk=dinkes_assessment.pk).update(status=UnitAssessment.SUBMITTED)
    login_verified(client, personas["operator_dinkes"])
    for action, data in [
        ("unggah", {"file": pdf("lain.pdf", PDF + b"%2\n")}),
        ("tautan", {"url": "https://contoh.go.id"}),
        ("lampirkan", {"evidence": attachment.evidence_id}),
        (f"{attachment.pk}/lepas", {}),
    ]:
        response = client.post(url(sukamaju, answer, action), data, HTTP_HX_REQUEST="true")
        assert response.status_code == 400, action
        assert "sudah dikirim dan terkunci" in response.content.decode()
    assert Evidence.objects.count() == 1 and AnswerEvidence.objects.count() == 1
    assert len(stored_files(media)) == 1
    page = client.get(f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/").content.decode()
    assert "Unggah berkas" not in page and "Perbup" in page


def test_verifier_and_other_unit_cannot_change_evidence(client, personas, sukamaju, two_answers):
    answer = two_answers[0]
    login_verified(client, personas["verifier"])
    assert client.post(url(sukamaju, answer, "unggah"), {"file": pdf()}).status_code == 403
    login_verified(client, personas["operator_disdik"])
    assert client.post(url(sukamaju, answer, "tautan"), {"url": "https://contoh.go.id"}).status_code == 404
    assert client.get(url(sukamaju, answer, "unggah")).status_code == 405
    assert not Evidence.objects.exists()


def test_download_by_persona(client, personas, sukamaju, two_answers):
    attachment = services.add_file(
        personas["operator_dinkes"], two_answers[0], pdf("Laporan Evaluasi 2025.pdf"), title="Laporan"
    )
    target = download_url(sukamaju, attachment.evidence)
    login_verified(client, personas["operator_dinkes"])
    response = client.get(target)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Laporan Evaluasi 2025.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    for persona, status in [
        ("verifier", 200),
        ("koordinator", 200),
        ("viewer", 200),
        ("admin", 200),
        ("platform_admin", 200),
        ("head_dinkes", 200),
        ("operator_disdik", 404),
        ("head_disdik", 404),
        ("outsider_admin", 404),
    ]:
        login_verified(client, personas[persona])
        assert client.get(target).status_code == status, persona
    client.logout()
    assert client.get(target).status_code == 302


def test_link_evidence_has_no_download(operator, personas, sukamaju, two_answers):
    link = services.add_link(
        personas["operator_dinkes"], two_answers[0], url="https://contoh.go.id", title="x"
    )
    assert operator.get(download_url(sukamaju, link.evidence)).status_code == 404


# -- Pemdi butir ----------------------------------------------------------------------------------


def test_pemdi_butir_checklist(client, personas, sukamaju, dinkes, pemdi_campaign):
    answer = (
        Answer.objects.select_related("assessment")
        .filter(assessment__campaign=pemdi_campaign, indicator__evidence_items__code="I3-L2-01")
        .first()
    )
    operator = personas["operator_dinkes" if answer.assessment.unit_id == dinkes.pk else "operator_disdik"]
    login_verified(client, operator)
    response = client.post(
        url(sukamaju, answer, "unggah"),
        {"file": pdf("Peta kompetensi.pdf"), "title": "Peta kompetensi", "item_code": "I3-L2-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert AnswerEvidence.objects.get().item_code == "I3-L2-01"
    response = client.post(
        url(sukamaju, answer, "tautan"),
        {"url": "https://contoh.go.id", "item_code": "I9-L9-99"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "Butir I9-L9-99 tidak ada pada indikator" in response.content.decode()
    assert Evidence.objects.count() == 1
    page = client.get(f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/").content.decode()
    assert "Butir data dukung per level" in page and "I3-L2-02" in page
    item_row = page[page.index("<code>I3-L2-01</code>") : page.index("<code>I3-L2-02</code>")]
    assert "Peta kompetensi.pdf" in item_row and 'name="item_code" value="I3-L2-01"' in item_row


# -- S3 -------------------------------------------------------------------------------------------


@pytest.fixture
def s3_bucket(monkeypatch):
    """A moto S3 server on loopback, with dummy credentials so nothing reaches AWS."""
    boto3 = pytest.importorskip("boto3")
    from moto.server import ThreadedMotoServer

    for name, value in {
        "AWS_ACCESS_KEY_ID": "uji",
        "AWS_SECRET_ACCESS_KEY": "uji",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket="bukti-uji")
    yield endpoint
    server.stop()


def test_s3_storage_upload_and_download(
    client, settings, personas, sukamaju, dinkes, two_answers, s3_bucket, media
):
    import boto3
    from storages.backends.s3 import S3Storage

    settings.STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "bukti-uji",
                "endpoint_url": s3_bucket,
                "access_key": "uji",
                "secret_key": "uji",
                "region_name": "us-east-1",
                "addressing_style": "path",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
        "staticfiles": FS_STORAGES["staticfiles"],
    }
    # The field holds Django's lazy default_storage, which follows the STORAGES setting.
    assert isinstance(Evidence._meta.get_field("file").storage, S3Storage)

    attachment = services.add_file(personas["operator_dinkes"], two_answers[0], pdf(), title="Perbup")
    digest = hashlib.sha256(PDF).hexdigest()
    key = f"evidence/{dinkes.pk}/{digest[:2]}/{digest}.pdf"
    assert attachment.evidence.file.name == key
    s3 = boto3.client("s3", endpoint_url=s3_bucket, region_name="us-east-1")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="bukti-uji")["Contents"]] == [key]
    assert stored_files(media) == []
    # The same bytes on another indicator: still one object.
    services.add_file(personas["operator_dinkes"], two_answers[1], pdf(), title="Perbup")
    assert s3.list_objects_v2(Bucket="bukti-uji")["KeyCount"] == 1

    login_verified(client, personas["operator_dinkes"])
    response = client.get(download_url(sukamaju, attachment.evidence))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Perbup SPBE 2025.pdf"'
    assert b"".join(response.streaming_content) == PDF
    response.close()
