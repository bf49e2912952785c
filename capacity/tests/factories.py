"""Small factories for capacity tests (and for the project's URL × persona test)."""

from datetime import date, timedelta

from django.core.files.base import ContentFile

from capacity.models import Attendance, Certification, Enrolment, Programme, Staff, TrainingSession

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def nip(serial: int, born: str = "19850312", appointed: str = "201001", sex: str = "1") -> str:
    """A plausible NIP; `serial` (1–999) makes it unique."""
    return f"{born}{appointed}{sex}{serial:03d}"


def make_staff(unit, name="Ani Rahmawati", serial=None, role="admin_aplikasi", employment=Staff.PNS, **extra):
    number = nip(serial) if serial is not None and employment != Staff.NON_ASN else ""
    return Staff.objects.create(
        institution=unit.institution,
        unit=unit,
        name=name,
        nip=number,
        employment=employment,
        digital_role=role,
        **extra,
    )


def make_programme(institution, areas, unit=None, title="Bimtek Keamanan Informasi"):
    return Programme.objects.create(
        institution=institution, unit=unit, title=title, organiser="Diskominfo", areas=list(areas)
    )


def make_session(programme, ends_on, days=1, hours=8):
    return TrainingSession.objects.create(
        programme=programme, starts_on=ends_on - timedelta(days=days - 1), ends_on=ends_on, hours=hours
    )


def attend(session, staff, present=True):
    Enrolment.objects.get_or_create(programme=session.programme, staff=staff)
    return Attendance.objects.create(session=session, staff=staff, present=present)


def make_certification(staff, areas, issued_on=date(2024, 1, 1), expires_on=None, with_file=False):
    certification = Certification(
        staff=staff,
        name="Sertifikat Keamanan",
        issuer="BSSN",
        areas=list(areas),
        issued_on=issued_on,
        expires_on=expires_on,
    )
    if with_file:
        certification.file.save("sertifikat.pdf", ContentFile(PDF), save=False)
        certification.file_name, certification.file_type = "sertifikat.pdf", "application/pdf"
    certification.save()
    return certification


def make_enrolment(programme, staff, with_certificate=False):
    enrolment = Enrolment.objects.create(programme=programme, staff=staff)
    if with_certificate:
        enrolment.certificate.save("sertifikat.pdf", ContentFile(PDF), save=False)
        enrolment.certificate_name, enrolment.certificate_type = "sertifikat.pdf", "application/pdf"
        enrolment.save()
    return enrolment


def capacity_objects(ctx: dict) -> dict:
    """For URL × persona tests: a Dinkes staff member with a certification (with file) and an
    enrolment (with certificate) in an institution-wide programme with a session today; made
    once per `ctx` (which must hold "sukamaju" and "dinkes")."""
    if "capacity" not in ctx:
        staff = make_staff(ctx["dinkes"], "Ani Rahmawati", 1)
        programme = make_programme(ctx["sukamaju"], ["keamanan"])
        ctx["capacity"] = {
            "staff": staff,
            "certification": make_certification(staff, ["keamanan"], with_file=True),
            "programme": programme,
            "session": make_session(programme, date.today()),
            "enrolment": make_enrolment(programme, staff, with_certificate=True),
        }
    return ctx["capacity"]
