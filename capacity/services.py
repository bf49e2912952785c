"""State changes of the staff registry, trainings, certifications and the coverage evidence.

Each function is atomic and audited; pages, the import and the demo loader all call these.
Refusals raise CapacityError with a message for the user (and, where it belongs to one form
field, that field's name) and change nothing.
"""

import posixpath

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.models import Answer, Campaign, UnitAssessment
from assessment.services import AssessmentError
from audit.services import record
from capacity.catalogue import catalogue
from capacity.models import Attendance, Certification, Enrolment, Programme, Staff, TrainingSession
from capacity.nip import NIPError, parse_nip

CERTIFICATE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}
CERTIFICATE_MAX_MB = 10


class CapacityError(ValueError):
    """A refusal with a message for the user; nothing was changed."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# -- checks -------------------------------------------------------------------------------------------


NIP_MESSAGES = {
    "digits": gettext_lazy("NIP hanya berisi angka."),
    "length": gettext_lazy("NIP harus %(expected)d digit, bukan %(length)d."),
    "birth_date": gettext_lazy("Digit 1–8 NIP (%(text)s) bukan tanggal lahir yang ada."),
    "birth_year": gettext_lazy("Tanggal lahir dalam NIP tidak masuk akal."),
    "appointment_month": gettext_lazy(
        "Digit 13–14 NIP (%(month)s) harus bulan pengangkatan 01–12 (atau 21 untuk PPPK)."
    ),
    "appointment_future": gettext_lazy("Tanggal pengangkatan dalam NIP ada di masa depan."),
    "appointment_age": gettext_lazy(
        "Menurut NIP, pegawai diangkat pada usia %(age)d tahun; yang mungkin %(low)d–%(high)d."
    ),
    "pppk_code": gettext_lazy("Kode 21 pada digit 13–14 hanya dipakai NI PPPK, bukan NIP PNS."),
    "pppk_year": gettext_lazy("NI PPPK baru ada sejak %(first)d, bukan %(year)d."),
    "sex": gettext_lazy("Digit ke-15 NIP (jenis kelamin) harus 1 atau 2, bukan %(digit)s."),
    "serial": gettext_lazy("Nomor urut NIP (digit 16–18) tidak boleh 000."),
}


def nip_message(error: NIPError) -> str:
    template = NIP_MESSAGES.get(error.code)
    return str(template) % error.params if template else _("NIP tidak valid.")


def check_nip(nip: str, employment: str) -> str:
    """The NIP as 18 digits ("" for non-ASN), or CapacityError on the `nip` field."""
    nip = "".join((nip or "").split()).replace(".", "").replace("-", "")
    if employment not in Staff.WITH_NIP:
        if nip:
            raise CapacityError(_("Pegawai non-ASN tidak memiliki NIP; kosongkan NIP."), "nip")
        return ""
    if not nip:
        raise CapacityError(_("NIP wajib diisi untuk PNS dan PPPK."), "nip")
    try:
        return parse_nip(nip, timezone.localdate(), pppk=employment == Staff.PPPK).number
    except NIPError as exc:
        raise CapacityError(nip_message(exc), "nip") from None


def nip_holder(institution, nip: str, exclude_pk=None) -> Staff | None:
    if not nip:
        return None
    return (
        Staff.objects.filter(institution=institution, nip=nip)
        .exclude(pk=exclude_pk)
        .select_related("unit")
        .first()
    )


def check_areas(codes) -> list[str]:
    known = catalogue().area_codes
    codes = [c for c in known if c in set(codes or ())]  # catalogue order, no duplicates
    if not codes:
        raise CapacityError(_("Pilih minimal satu bidang kompetensi."), "areas")
    return codes


def _snapshot(staff: Staff) -> dict:
    return {
        "name": staff.name,
        "nip": staff.nip,
        "position": staff.position,
        "employment": staff.employment,
        "unit": staff.unit.short_name,
        "digital_role": staff.digital_role,
        "is_active": staff.is_active,
    }


# -- staff ----------------------------------------------------------------------------------------------


def clean_staff(staff: Staff) -> None:
    """Check one person as it will be saved (everything but the database constraint)."""
    staff.name = " ".join((staff.name or "").split())
    if not staff.name:
        raise CapacityError(_("Nama wajib diisi."), "name")
    if staff.unit.institution_id != staff.institution_id:
        raise CapacityError(_("Unit tidak ada di instansi ini."), "unit")
    if catalogue().role(staff.digital_role) is None:
        raise CapacityError(_("Peran dalam layanan digital tidak dikenal."), "digital_role")
    staff.nip = check_nip(staff.nip, staff.employment)
    holder = nip_holder(staff.institution, staff.nip, staff.pk)
    if holder is not None:
        raise CapacityError(
            _("NIP %(nip)s sudah terdaftar atas nama %(name)s (%(unit)s).")
            % {"nip": staff.nip, "name": holder.name, "unit": holder.unit.short_name},
            "nip",
        )


def save_staff(actor, staff: Staff, request=None) -> Staff:
    """Create or update one person of the registry."""
    staff.institution_id = staff.unit.institution_id if staff.institution_id is None else staff.institution_id
    clean_staff(staff)
    before = _snapshot(Staff.objects.select_related("unit").get(pk=staff.pk)) if staff.pk else None
    try:
        with transaction.atomic():
            staff.save()
            record(
                "staff.update" if before else "staff.create",
                actor=actor,
                obj=staff,
                institution=staff.institution,
                before=before,
                after=_snapshot(staff),
                request=request,
            )
    except IntegrityError:
        raise CapacityError(_("NIP %(nip)s baru saja didaftarkan orang lain.") % {"nip": staff.nip}, "nip")
    return staff


def import_staff(actor, institution, people: list[Staff], file_name: str = "", request=None) -> int:
    """Create the people of a clean import preview, all or none; one summary audit entry."""
    for person in people:
        person.institution = institution
        clean_staff(person)
    try:
        with transaction.atomic():
            Staff.objects.bulk_create(people)
            record(
                "staff.import",
                actor=actor,
                institution=institution,
                request=request,
                after={
                    "created": len(people),
                    "file": file_name,
                    "units": sorted({p.unit.short_name for p in people}),
                },
            )
    except IntegrityError:
        raise CapacityError(
            _(
                "Sebagian NIP di file baru saja didaftarkan orang lain. Tidak ada yang disimpan; "
                "unggah ulang file."
            )
        )
    return len(people)


# -- trainings -----------------------------------------------------------------------------------------


def save_programme(actor, programme: Programme, participants=(), request=None) -> Programme:
    """Create or update a programme; a new one can start with its participants (from the
    training-needs plan)."""
    programme.title = " ".join((programme.title or "").split())
    if not programme.title:
        raise CapacityError(_("Judul wajib diisi."), "title")
    programme.areas = check_areas(programme.areas)
    if programme.unit_id and programme.unit.institution_id != programme.institution_id:
        raise CapacityError(_("Unit tidak ada di instansi ini."), "unit")
    created = programme.pk is None
    with transaction.atomic():
        if created:
            programme.created_by = actor
        programme.save()
        record(
            "training.programme.create" if created else "training.programme.update",
            actor=actor,
            obj=programme,
            institution=programme.institution,
            request=request,
            after={
                "title": programme.title,
                "organiser": programme.organiser,
                "areas": programme.areas,
                "unit": programme.unit.short_name if programme.unit_id else None,
            },
        )
        if participants:
            enrol(actor, programme, participants, request=request)
    return programme


@transaction.atomic
def save_session(actor, session: TrainingSession, request=None) -> TrainingSession:
    if session.ends_on < session.starts_on:
        raise CapacityError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), "ends_on")
    if not session.hours or session.hours <= 0:
        raise CapacityError(_("Jumlah jam pelajaran harus lebih dari nol."), "hours")
    created = session.pk is None
    session.save()
    record(
        "training.session.create" if created else "training.session.update",
        actor=actor,
        obj=session,
        institution=session.programme.institution,
        request=request,
        after={
            "programme": session.programme.title,
            "starts_on": session.starts_on,
            "ends_on": session.ends_on,
            "hours": str(session.hours),
            "mode": session.mode,
        },
    )
    return session


@transaction.atomic
def enrol(actor, programme: Programme, people, request=None) -> int:
    """Add people to a programme (those already in it are skipped); returns how many were added."""
    people = [p for p in people if p.institution_id == programme.institution_id and p.is_active]
    present = set(programme.enrolments.values_list("staff_id", flat=True))
    new = [Enrolment(programme=programme, staff=p, added_by=actor) for p in people if p.pk not in present]
    Enrolment.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        record(
            "training.enrol",
            actor=actor,
            obj=programme,
            institution=programme.institution,
            request=request,
            after={"added": len(new), "staff": sorted(e.staff_id for e in new)},
        )
    return len(new)


@transaction.atomic
def remove_enrolment(actor, enrolment: Enrolment, request=None) -> None:
    if Attendance.objects.filter(
        session__programme=enrolment.programme, staff=enrolment.staff, present=True
    ).exists():
        raise CapacityError(
            _("%(name)s sudah tercatat hadir; kehadirannya tetap menjadi riwayat.")
            % {"name": enrolment.staff.name}
        )
    Attendance.objects.filter(session__programme=enrolment.programme, staff=enrolment.staff).delete()
    enrolment.delete()
    record(
        "training.unenrol",
        actor=actor,
        obj=enrolment.programme,
        institution=enrolment.programme.institution,
        request=request,
        before={"staff": enrolment.staff_id, "name": enrolment.staff.name},
    )


@transaction.atomic
def record_attendance(actor, session: TrainingSession, people, present_ids, request=None) -> tuple[int, int]:
    """Record, for each of `people` (participants of the session's programme), present or
    absent, in one go; returns (present, absent). Refused before the session starts."""
    if session.starts_on > timezone.localdate():
        raise CapacityError(
            _("Sesi ini belum dimulai; kehadiran dicatat pada atau setelah %(day)s.")
            % {"day": date_format(session.starts_on, "j F Y")}
        )
    enrolled = set(session.programme.enrolments.values_list("staff_id", flat=True))
    present_ids = set(present_ids)
    counts = [0, 0]
    for person in people:
        if person.pk not in enrolled:
            continue
        is_present = person.pk in present_ids
        Attendance.objects.update_or_create(
            session=session, staff=person, defaults={"present": is_present, "recorded_by": actor}
        )
        counts[0 if is_present else 1] += 1
    session.attendance_recorded_at = timezone.now()
    session.save(update_fields=["attendance_recorded_at"])
    record(
        "training.attendance",
        actor=actor,
        obj=session,
        institution=session.programme.institution,
        request=request,
        after={"present": counts[0], "absent": counts[1]},
    )
    return counts[0], counts[1]


# -- files ---------------------------------------------------------------------------------------------


def _store_file(institution, uploaded_file) -> tuple[str, str, str]:
    """Check a certificate file (PDF or image, by content) and store it once; returns (stored
    name, original name, content type)."""
    from assessment import evidence

    if uploaded_file is None or not uploaded_file.size:
        raise CapacityError(_("Berkas kosong atau belum dipilih."), "file")
    if uploaded_file.size > CERTIFICATE_MAX_MB * 1024 * 1024:
        raise CapacityError(
            _("Berkas terlalu besar; batasnya %(max)d MB.") % {"max": CERTIFICATE_MAX_MB}, "file"
        )
    original = evidence.clean_original_name(uploaded_file.name)
    try:
        content_type, ext = evidence.detect_type(uploaded_file, original)
    except AssessmentError as exc:
        raise CapacityError(str(exc), "file") from None
    if content_type not in CERTIFICATE_TYPES:
        raise CapacityError(_("Sertifikat harus berupa PDF atau gambar (JPEG, PNG, WebP)."), "file")
    digest = evidence.sha256_of(uploaded_file)
    storage = Enrolment._meta.get_field("certificate").storage
    name = posixpath.join("capacity", str(institution.pk), digest[:2], f"{digest}.{ext}")
    stored = name if storage.exists(name) else storage.save(name, uploaded_file)
    return stored, original, content_type


@transaction.atomic
def set_certificate(actor, enrolment: Enrolment, uploaded_file, request=None) -> Enrolment:
    stored, original, content_type = _store_file(enrolment.programme.institution, uploaded_file)
    enrolment.certificate, enrolment.certificate_name, enrolment.certificate_type = (
        stored,
        original,
        content_type,
    )
    enrolment.save(update_fields=["certificate", "certificate_name", "certificate_type"])
    record(
        "training.certificate",
        actor=actor,
        obj=enrolment.programme,
        institution=enrolment.programme.institution,
        request=request,
        after={"staff": enrolment.staff_id, "file": original},
    )
    return enrolment


def save_certification(
    actor, certification: Certification, uploaded_file=None, request=None
) -> Certification:
    today = timezone.localdate()
    if certification.issued_on > today:
        raise CapacityError(_("Tanggal terbit tidak boleh di masa depan."), "issued_on")
    if certification.expires_on and certification.expires_on < certification.issued_on:
        raise CapacityError(_("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."), "expires_on")
    certification.areas = check_areas(certification.areas)
    institution = certification.staff.institution
    created = certification.pk is None
    with transaction.atomic():
        if uploaded_file is not None:
            certification.file, certification.file_name, certification.file_type = _store_file(
                institution, uploaded_file
            )
        if created:
            certification.created_by = actor
        certification.save()
        record(
            "certification.create" if created else "certification.update",
            actor=actor,
            obj=certification,
            institution=institution,
            request=request,
            after={
                "staff": certification.staff_id,
                "name": certification.name,
                "issuer": certification.issuer,
                "areas": certification.areas,
                "issued_on": certification.issued_on,
                "expires_on": certification.expires_on,
            },
        )
    return certification


# -- evidence for the assessment ------------------------------------------------------------------------


def target_for(answer: Answer):
    """The catalogue's evidence target this answer's indicator is, or None."""
    slug = answer.assessment.campaign.framework_version.framework.slug
    return next(
        (
            t
            for t in catalogue().evidence_for
            if t.framework == slug and t.indicator == answer.indicator.number
        ),
        None,
    )


def open_target_answers(user, institution, unit_ids):
    """Answers of the given units, in open campaigns and still editable, for the indicators the
    coverage report is evidence for: where the one-click attach buttons go."""
    targets = Q(pk__in=[])
    for t in catalogue().evidence_for:
        targets |= Q(
            assessment__campaign__framework_version__framework__slug=t.framework,
            indicator__number=t.indicator,
        )
    return (
        Answer.objects.filter(
            targets,
            assessment__campaign__institution=institution,
            assessment__unit_id__in=unit_ids,
            assessment__campaign__status=Campaign.OPEN,
            assessment__status__in=UnitAssessment.EDITABLE,
            assessment__deadline__gt=timezone.now(),
        )
        .select_related("indicator", "assessment__unit", "assessment__campaign__framework_version__framework")
        .order_by("assessment__campaign__name", "assessment__unit__name", "indicator__number")
    )


def _report_upload(actor, answer: Answer, report) -> tuple[SimpleUploadedFile, str]:
    """The report as a PDF upload, and its evidence title."""
    from capacity.render import file_stem, render_pdf

    indicator = answer.indicator
    purpose = (
        f"{answer.assessment.campaign.framework_version.short_title} — {_('Indikator')} {indicator.label} "
    )
    pdf = render_pdf(
        report,
        generated_by=actor.get_full_name() or actor.get_username(),
        purpose=purpose + indicator.short_name,
    )
    title = _("Laporan cakupan kompetensi SDM %(scope)s per %(day)s") % {
        "scope": report.scope,
        "day": date_format(report.as_of, "j F Y"),
    }
    return SimpleUploadedFile(f"{file_stem(report)}.pdf", pdf, content_type="application/pdf"), title


def attach_coverage_report(actor, answer: Answer, report, expected_fingerprint: str, request=None):
    """Freeze `report` in a dated PDF and attach it to `answer` as evidence.

    1. Refuse an answer whose indicator the report is not evidence for, or that can no longer
       be changed (before spending time on the PDF).
    2. Refuse if the figures differ from those the user was shown (`expected_fingerprint`):
       the PDF must hold exactly what the page showed.
    3. Render the PDF (outside the transaction: it takes a moment).
    4. Hand it to the evidence service (type check, hashing, storage, attach, audit) and
       record the frozen figures' fingerprint, in one transaction.
    """
    from assessment import evidence
    from assessment.services import ensure_editable

    target = target_for(answer)
    if target is None:
        raise CapacityError(_("Laporan cakupan bukan data dukung untuk indikator ini."))
    if expected_fingerprint != report.fingerprint:
        raise CapacityError(
            _("Angka cakupan berubah sejak halaman dibuka. Periksa angka terbaru, lalu lampirkan lagi.")
        )
    try:
        ensure_editable(answer.assessment)
        upload, title = _report_upload(actor, answer, report)
        with transaction.atomic():
            attachment = evidence.add_file(
                actor,
                answer,
                upload,
                title=title,
                document_date=report.as_of,
                item_code=target.item_code,
                request=request,
            )
            record(
                "capacity.report.attach",
                actor=actor,
                obj=answer,
                institution=answer.assessment.campaign.institution,
                request=request,
                after={
                    "evidence": attachment.evidence_id,
                    "scope": report.scope,
                    "as_of": report.as_of,
                    "months": report.months,
                    "fingerprint": report.fingerprint,
                    "complete": [report.total.complete.covered, report.total.complete.total],
                },
            )
    except AssessmentError as exc:
        raise CapacityError(str(exc)) from None
    return attachment
