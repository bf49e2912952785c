"""Evidence (data dukung) of an answer: upload a file, add a link, reuse, detach.

A unit's evidence is stored once (files by SHA-256) and may prove several indicators, several
evidence items (butir) and later rounds; detaching therefore never deletes the stored file.
Each function is atomic and audited; views, the API and imports all call these.
"""

import hashlib
import posixpath
import unicodedata
import zipfile
from dataclasses import dataclass

import magic
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from assessment.models import AnswerEvidence, Evidence, UnitAssessment
from assessment.services import AssessmentError, ensure_editable, ensure_revisable
from audit.services import record
from instrument.models import EvidenceItem

SNIFF_BYTES = 2048

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# Detected type → extension of the stored copy.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    DOCX: "docx",
    XLSX: "xlsx",
    PPTX: "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
}
OOXML_TYPES = {DOCX, XLSX, PPTX, "application/zip"}
# Office Open XML packages by their main folder; the macro variants are refused.
OOXML_FOLDERS = {
    "word/": (DOCX, "application/vnd.ms-word.document.macroEnabled.12"),
    "xl/": (XLSX, "application/vnd.ms-excel.sheet.macroEnabled.12"),
    "ppt/": (PPTX, "application/vnd.ms-powerpoint.presentation.macroEnabled.12"),
}
# libmagic names a legacy Office file it cannot tell apart only as a compound document (CDF);
# the name's extension then decides, and only among the legacy Office formats.
CDF_TYPES = {"application/x-ole-storage", "application/CDFV2"}
CDF_EXTENSIONS = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}


# -- checks ---------------------------------------------------------------------------------------


def check_document_date(document_date):
    if document_date and document_date > timezone.localdate():
        raise AssessmentError(_("Tanggal dokumen tidak boleh di masa depan."))
    return document_date or None


def check_item_code(answer, item_code: str) -> str:
    item_code = (item_code or "").strip()
    if (
        item_code
        and not EvidenceItem.objects.filter(indicator_id=answer.indicator_id, code=item_code).exists()
    ):
        raise AssessmentError(
            _("Butir %(code)s tidak ada pada indikator %(label)s.")
            % {"code": item_code, "label": answer.indicator.label}
        )
    return item_code


def check_title(title: str, fallback: str) -> str:
    title = " ".join((title or "").split()) or fallback
    if len(title) > 300:
        raise AssessmentError(_("Judul paling panjang 300 karakter."))
    return title


def clean_original_name(name: str) -> str:
    """The file's own name without any path or control characters, at most 255 characters
    (the extension kept)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(". ") or "berkas"
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:20] if dot and stem else ""
        name = name[: 255 - len(ext) - 1].rstrip() + "." + ext if ext else name[:255]
    return name


def _refuse_type(detected: str):
    return AssessmentError(
        _("Berkas ini bukan PDF, gambar atau dokumen perkantoran (terdeteksi: %(type)s).")
        % {"type": detected}
    )


def _ooxml_type(uploaded_file) -> str:
    """The OOXML type of a zip package, judged from its directory only (nothing is
    decompressed, so a zip bomb costs nothing): [Content_Types].xml and a word/, xl/ or
    ppt/ folder must be there."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse_type("application/zip") from None
    if "[Content_Types].xml" not in names:
        raise _refuse_type("application/zip")
    for folder, (mime, macro_mime) in OOXML_FOLDERS.items():
        if any(n.startswith(folder) for n in names):
            if any(n.startswith(folder) and n.endswith("vbaProject.bin") for n in names):
                raise _refuse_type(macro_mime)
            return mime
    raise _refuse_type("application/zip")


def detect_type(uploaded_file, original_name: str) -> tuple[str, str]:
    """(content type, extension) judged from the content, never from the name or the
    browser's claim; AssessmentError naming the detected type otherwise."""
    uploaded_file.seek(0)
    detected = magic.from_buffer(uploaded_file.read(SNIFF_BYTES), mime=True)
    if detected in OOXML_TYPES:
        detected = _ooxml_type(uploaded_file)
    elif detected in CDF_TYPES:
        ext = original_name.rpartition(".")[2].lower()
        if ext not in CDF_EXTENSIONS:
            raise _refuse_type(detected)
        detected = CDF_EXTENSIONS[ext]
    if detected not in ALLOWED_TYPES:
        raise _refuse_type(detected)
    return detected, ALLOWED_TYPES[detected]


def sha256_of(uploaded_file) -> str:
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


def _locked_editable(answer) -> None:
    """Re-check editability under a row lock, so an upload cannot slip past a submission; while
    the assessment is returned, only answers sent back for revision may change their evidence."""
    assessment = (
        UnitAssessment.objects.select_for_update().select_related("campaign").get(pk=answer.assessment_id)
    )
    ensure_editable(assessment)
    if assessment.status == UnitAssessment.RETURNED:
        answer.assessment.status = assessment.status
        ensure_revisable(answer)


def _attach(answer, evidence: Evidence, item_code: str) -> AnswerEvidence:
    duplicate = _('Data dukung "%(title)s" sudah terlampir pada jawaban ini%(code)s.') % {
        "title": evidence.title,
        "code": f" ({item_code})" if item_code else "",
    }
    if AnswerEvidence.objects.filter(answer=answer, evidence=evidence, item_code=item_code).exists():
        raise AssessmentError(duplicate)
    try:
        with transaction.atomic():
            return AnswerEvidence.objects.create(answer=answer, evidence=evidence, item_code=item_code)
    except IntegrityError:
        raise AssessmentError(duplicate) from None


def _audit(action, actor, evidence, answer, item_code, request, **extra):
    record(
        action,
        actor=actor,
        obj=evidence,
        institution=answer.assessment.campaign.institution,
        request=request,
        after={
            "answer": answer.pk,
            "indicator": answer.indicator.label,
            "item_code": item_code,
            "title": evidence.title,
            **extra,
        },
    )


# -- services -------------------------------------------------------------------------------------


@dataclass
class CheckedUpload:
    original_name: str
    title: str
    content_type: str
    ext: str
    sha256: str
    size: int


def check_upload(answer, uploaded_file, title: str) -> CheckedUpload:
    """Size, name, title and type (by content) of an upload, and its SHA-256."""
    if uploaded_file is None or not uploaded_file.size:
        raise AssessmentError(_("Berkas kosong atau belum dipilih."))
    limit = answer.assessment.campaign.institution.evidence_limit_mb
    if uploaded_file.size > limit * 1024 * 1024:
        raise AssessmentError(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(max)s MB.")
            % {"size": number_format(uploaded_file.size / 1024 / 1024, 1), "max": limit}
        )
    original_name = clean_original_name(uploaded_file.name)
    title = check_title(title, original_name)
    content_type, ext = detect_type(uploaded_file, original_name)
    return CheckedUpload(
        original_name, title, content_type, ext, sha256_of(uploaded_file), uploaded_file.size
    )


def _store_new_evidence(actor, unit_id, upload: CheckedUpload, uploaded_file, document_date, storage):
    """(evidence, stored name, reused). The name is content-addressed, so bytes left there by an
    earlier rolled-back upload are reused rather than copied again."""
    name = posixpath.join("evidence", str(unit_id), upload.sha256[:2], f"{upload.sha256}.{upload.ext}")
    stored_name = name if storage.exists(name) else storage.save(name, uploaded_file)
    evidence = Evidence(
        unit_id=unit_id,
        kind=Evidence.FILE,
        title=upload.title,
        file=stored_name,
        original_name=upload.original_name,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        document_date=document_date,
        uploaded_by=actor,
    )
    try:
        with transaction.atomic():
            evidence.save()
    except IntegrityError:  # the same bytes, uploaded at the same moment by someone else
        return (
            Evidence.objects.get(unit_id=unit_id, kind=Evidence.FILE, sha256=upload.sha256),
            stored_name,
            True,
        )
    return evidence, stored_name, False


def add_file(
    actor, answer, uploaded_file, *, title, document_date=None, item_code="", request=None
) -> AnswerEvidence:
    """Upload a file as evidence of `answer`.

    1. Check everything that needs no storage: editable, document date, butir, size, title,
       type by content; hash the content.
    2. If the unit already holds these bytes, reuse that Evidence; otherwise store them once
       under a name made from the unit and the hash.
    3. Attach it to the answer (optionally to a butir) and audit, in one transaction; a stored
       file nobody ended up referencing is removed again.
    """
    ensure_editable(answer.assessment)
    document_date = check_document_date(document_date)
    item_code = check_item_code(answer, item_code)
    upload = check_upload(answer, uploaded_file, title)
    unit_id = answer.assessment.unit_id
    storage = Evidence._meta.get_field("file").storage
    stored_name = None
    try:
        with transaction.atomic():
            _locked_editable(answer)
            evidence = Evidence.objects.filter(
                unit_id=unit_id, kind=Evidence.FILE, sha256=upload.sha256
            ).first()
            reused = evidence is not None
            if not reused:
                evidence, stored_name, reused = _store_new_evidence(
                    actor, unit_id, upload, uploaded_file, document_date, storage
                )
            attachment = _attach(answer, evidence, item_code)
            _audit(
                "evidence.upload",
                actor,
                evidence,
                answer,
                item_code,
                request,
                reused=reused,
                original_name=upload.original_name,
                sha256=upload.sha256,
                size=upload.size,
                content_type=upload.content_type,
            )
    except Exception:
        if stored_name and not Evidence.objects.filter(file=stored_name).exists():
            storage.delete(stored_name)
        raise
    if stored_name and stored_name != evidence.file.name:
        storage.delete(stored_name)
    return attachment


def check_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise AssessmentError(_("Isi alamat tautan."))
    if url.split(":", 1)[0].lower() not in {"http", "https"}:
        raise AssessmentError(_("Tautan harus diawali http:// atau https://."))
    if len(url) > 1000:
        raise AssessmentError(_("Tautan paling panjang 1000 karakter."))
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise AssessmentError(_("Alamat tautan tidak valid.")) from None
    return url


@transaction.atomic
def add_link(actor, answer, *, url, title, document_date=None, item_code="", request=None) -> AnswerEvidence:
    """Add a link (http/https only) as evidence; the same address of the same unit is reused."""
    ensure_editable(answer.assessment)
    url = check_url(url)
    document_date = check_document_date(document_date)
    item_code = check_item_code(answer, item_code)
    title = check_title(title, url[:300])
    _locked_editable(answer)
    unit_id = answer.assessment.unit_id
    evidence = Evidence.objects.filter(unit_id=unit_id, kind=Evidence.LINK, url=url).first()
    reused = evidence is not None
    if evidence is None:
        evidence = Evidence.objects.create(
            unit_id=unit_id,
            kind=Evidence.LINK,
            title=title,
            url=url,
            document_date=document_date,
            uploaded_by=actor,
        )
    attachment = _attach(answer, evidence, item_code)
    _audit("evidence.link", actor, evidence, answer, item_code, request, url=url, reused=reused)
    return attachment


@transaction.atomic
def attach_existing(actor, answer, evidence: Evidence, item_code="", request=None) -> AnswerEvidence:
    """Attach evidence the unit already holds (from another indicator or an earlier round)."""
    if evidence.unit_id != answer.assessment.unit_id:
        raise Http404(_("Data dukung tidak ditemukan."))
    ensure_editable(answer.assessment)
    item_code = check_item_code(answer, item_code)
    _locked_editable(answer)
    attachment = _attach(answer, evidence, item_code)
    _audit("evidence.attach", actor, evidence, answer, item_code, request)
    return attachment


@transaction.atomic
def detach(actor, attachment: AnswerEvidence, request=None) -> None:
    """Remove evidence from an answer. The stored file stays: other answers or rounds may use it."""
    answer = attachment.answer
    ensure_editable(answer.assessment)
    _locked_editable(answer)
    evidence, item_code = attachment.evidence, attachment.item_code
    attachment.delete()
    record(
        "evidence.detach",
        actor=actor,
        obj=evidence,
        institution=answer.assessment.campaign.institution,
        request=request,
        before={
            "answer": answer.pk,
            "indicator": answer.indicator.label,
            "item_code": item_code,
            "title": evidence.title,
        },
    )
