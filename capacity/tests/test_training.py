"""Registry edits, programmes from the needs plan, attendance for a whole session, certificates,
certifications and their expiry reminders."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessment.models import Notice
from audit.models import AuditEntry
from capacity import services
from capacity.models import Attendance, Certification, Enrolment, Programme, Staff
from capacity.reminders import certification_reminders
from capacity.tests.factories import PDF, attend, make_certification, make_programme, make_session, make_staff
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def staff_form(unit, **values):
    data = {
        "name": "Rina",
        "nip": "19900515 201503 2 001",
        "employment": "pns",
        "position": "",
        "unit": unit.pk,
        "digital_role": "pengelola_data",
        "is_active": "on",
    }
    return data | values


def test_add_staff_through_the_form(client, personas, sukamaju, dinkes):
    login_verified(client, personas["operator_dinkes"])
    response = client.post(reverse("capacity:staff_create", args=[sukamaju.slug]), staff_form(dinkes))
    assert response.status_code == 302
    staff = Staff.objects.get()
    assert staff.nip == "199005152015032001" and staff.institution == sukamaju
    assert AuditEntry.objects.filter(action="staff.create", object_id=str(staff.pk)).exists()


def test_form_shows_nip_refusals_on_the_field(client, personas, sukamaju, dinkes, disdik):
    Staff.objects.create(
        institution=sukamaju, unit=disdik, name="Rina Lama", nip="199005152015032001", digital_role="pengguna"
    )
    login_verified(client, personas["admin"])
    url = reverse("capacity:staff_create", args=[sukamaju.slug])
    form = client.post(url, staff_form(dinkes)).context["form"]
    assert "sudah terdaftar atas nama Rina Lama (Disdik)" in form.errors["nip"][0]
    form = client.post(url, staff_form(dinkes, nip="199013152015032001")).context["form"]
    assert "bukan tanggal lahir" in form.errors["nip"][0]
    assert Staff.objects.count() == 1


def test_unit_operator_cannot_add_staff_to_another_unit(client, personas, sukamaju, disdik):
    login_verified(client, personas["operator_dinkes"])
    response = client.post(reverse("capacity:staff_create", args=[sukamaju.slug]), staff_form(disdik))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Staff.objects.exists()


def test_programme_from_the_needs_plan_with_participants(client, personas, sukamaju, dinkes, disdik):
    ani = make_staff(dinkes, "Ani", 1, "pengguna")
    budi = make_staff(dinkes, "Budi", 2, "pengguna")
    make_staff(disdik, "Cici", 3, "pengguna")
    login_verified(client, personas["operator_dinkes"])
    plan = client.get(reverse("capacity:plan", args=[sukamaju.slug]), {"bidang": "literasi"})
    assert [n.staff.name for n in plan.context["needs"]] == ["Ani", "Budi"]  # not Disdik's Cici
    create = reverse("capacity:programme_create", args=[sukamaju.slug])
    page = client.get(create, {"bidang": "literasi", "peserta": [ani.pk, budi.pk]})
    assert [s.name for s in page.context["participants"]] == ["Ani", "Budi"]
    response = client.post(
        create,
        {
            "title": "Literasi Digital Angkatan I",
            "organiser": "Diskominfo",
            "areas": ["literasi"],
            "unit": dinkes.pk,
            "peserta": [ani.pk],
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get()
    assert programme.unit == dinkes and list(programme.enrolments.values_list("staff__name", flat=True)) == [
        "Ani"
    ]


def test_unit_people_cannot_enrol_other_units_staff(client, personas, sukamaju, dinkes, disdik):
    cici = make_staff(disdik, "Cici", 3, "pengguna")
    programme = make_programme(sukamaju, ["literasi"])
    login_verified(client, personas["operator_dinkes"])
    client.post(
        reverse("capacity:programme_enrol", args=[sukamaju.slug, programme.pk]), {"peserta": [cici.pk]}
    )
    assert not Enrolment.objects.exists()


def test_attendance_for_a_whole_session_at_once(client, personas, sukamaju, dinkes):
    people = [make_staff(dinkes, f"Peserta {n}", n, "pengguna") for n in range(1, 6)]
    programme = make_programme(sukamaju, ["literasi"])
    services.enrol(personas["admin"], programme, people)
    session = make_session(programme, timezone.localdate())
    login_verified(client, personas["admin"])
    url = reverse("capacity:session_attendance", args=[sukamaju.slug, session.pk])
    page = client.get(url)
    assert all(present for _person, present in page.context["rows"])  # everyone ticked until recorded
    batch = client.get(url, {"mulai": "kosong"})  # a programme in batches starts with nobody ticked
    assert not any(present for _person, present in batch.context["rows"])
    response = client.post(url, {"hadir": [p.pk for p in people[:4]]})
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session, present=True).count() == 4
    assert Attendance.objects.get(session=session, staff=people[4]).present is False
    assert AuditEntry.objects.filter(action="training.attendance", after__present=4, after__absent=1).exists()


def test_attendance_refused_before_the_session_starts(sukamaju, dinkes, personas):
    ani = make_staff(dinkes, "Ani", 1)
    programme = make_programme(sukamaju, ["literasi"])
    services.enrol(personas["admin"], programme, [ani])
    session = make_session(programme, timezone.localdate() + timedelta(days=3))
    with pytest.raises(services.CapacityError, match="belum dimulai"):
        services.record_attendance(personas["admin"], session, [ani], {ani.pk})
    assert not Attendance.objects.exists()


def test_a_participant_who_attended_stays(sukamaju, dinkes, personas):
    ani = make_staff(dinkes, "Ani", 1)
    session = make_session(make_programme(sukamaju, ["literasi"]), timezone.localdate())
    attend(session, ani)
    with pytest.raises(services.CapacityError, match="sudah tercatat hadir"):
        services.remove_enrolment(personas["admin"], Enrolment.objects.get())


def test_certificate_upload_checks_the_content(client, personas, sukamaju, dinkes):
    ani = make_staff(dinkes, "Ani", 1)
    programme = make_programme(sukamaju, ["literasi"])
    enrolment = Enrolment.objects.create(programme=programme, staff=ani)
    login_verified(client, personas["operator_dinkes"])
    url = reverse("capacity:enrolment_update", args=[sukamaju.slug, enrolment.pk])
    client.post(url, {"file": SimpleUploadedFile("sertifikat.pdf", b"MZ\x90\x00" + b"\x00" * 200)})
    enrolment.refresh_from_db()
    assert not enrolment.certificate
    client.post(url, {"file": SimpleUploadedFile("sertifikat.pdf", PDF)})
    enrolment.refresh_from_db()
    assert enrolment.certificate_type == "application/pdf" and enrolment.certificate_name == "sertifikat.pdf"
    download = client.get(reverse("capacity:certificate_download", args=[sukamaju.slug, enrolment.pk]))
    assert (
        download["Content-Disposition"].startswith("attachment")
        and b"".join(download.streaming_content) == PDF
    )


def test_certification_with_expiry(client, personas, sukamaju, dinkes):
    ani = make_staff(dinkes, "Ani", 1)
    login_verified(client, personas["head_dinkes"])
    url = reverse("capacity:certification_create", args=[sukamaju.slug, ani.pk])
    response = client.post(
        url,
        {
            "name": "Certified Ethical Hacker",
            "issuer": "EC-Council",
            "number": "",
            "areas": ["keamanan"],
            "issued_on": "2025-01-10",
            "expires_on": "2024-01-10",
        },
    )
    assert "sebelum tanggal terbit" in response.context["form"].errors["expires_on"][0]
    response = client.post(
        url,
        {
            "name": "Certified Ethical Hacker",
            "issuer": "EC-Council",
            "number": "",
            "areas": ["keamanan"],
            "issued_on": "2025-01-10",
            "expires_on": "2028-01-10",
            "upload": SimpleUploadedFile("ceh.pdf", PDF),
        },
    )
    assert response.status_code == 302
    certification = Certification.objects.get()
    assert certification.areas == ["keamanan"] and certification.file_name == "ceh.pdf"


def test_expiry_reminders_go_to_the_units_people_once(sukamaju, dinkes, personas):
    ani = make_staff(dinkes, "Ani", 1)
    today = date(2026, 5, 15)
    make_certification(ani, ["keamanan"], expires_on=today + timedelta(days=30))
    make_certification(ani, ["data"], expires_on=today + timedelta(days=200))  # not yet
    assert certification_reminders(today) == 2  # operator and head of Dinkes
    assert certification_reminders(today) == 0  # idempotent
    notice = Notice.objects.filter(user=personas["operator_dinkes"]).get()
    assert "Ani" in notice.title and notice.link.endswith(f"/sdm/pegawai/{ani.pk}/")
    assert not Notice.objects.filter(user=personas["operator_disdik"]).exists()


def test_scheduler_task_runs(sukamaju, dinkes, personas):
    from capacity.tasks import send_certification_reminders

    make_certification(
        make_staff(dinkes, "Ani", 1), ["keamanan"], expires_on=timezone.localdate() + timedelta(days=5)
    )
    result = send_certification_reminders.enqueue()
    assert result.return_value == 2
