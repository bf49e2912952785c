"""People (SDM) who run or use digital services, their trainings and certifications.

Competency areas and digital-service roles are data (capacity/data/competencies.yaml); models
store their codes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from capacity.catalogue import catalogue
from orgs.models import Institution, Unit


def role_choices():
    return [(r.code, r.name) for r in catalogue().roles]


class StaffQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_units(self, unit_ids):
        """Staff of the given units; None means every unit."""
        return self if unit_ids is None else self.filter(unit_id__in=unit_ids)


class Staff(models.Model):
    PNS, PPPK, NON_ASN = "pns", "pppk", "non_asn"
    EMPLOYMENT = [(PNS, _("PNS")), (PPPK, _("PPPK")), (NON_ASN, _("Non-ASN"))]
    WITH_NIP = {PNS, PPPK}

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="staff")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="staff", verbose_name=_("unit"))
    name = models.CharField(_("nama"), max_length=200)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, help_text=_("18 digit; kosong untuk non-ASN"))
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    employment = models.CharField(_("status kepegawaian"), max_length=10, choices=EMPLOYMENT, default=PNS)
    digital_role = models.CharField(_("peran dalam layanan digital"), max_length=40, choices=role_choices)
    is_active = models.BooleanField(
        _("aktif"), default=True, help_text=_("Hilangkan centang bila pindah atau pensiun")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StaffQuerySet.as_manager()

    class Meta:
        ordering = ["unit__name", "name"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "nip"], condition=~models.Q(nip=""), name="uniq_staff_nip"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def role(self):
        return catalogue().role(self.digital_role)

    @property
    def required_area_names(self) -> list[str]:
        role = self.role
        return catalogue().area_names(role.areas) if role else []


class Programme(models.Model):
    """A training programme (pelatihan, bimtek, mentoring) and the areas it builds."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="programmes")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("unit pengelola"),
        help_text=_("Kosong: program tingkat instansi (Diskominfo)"),
    )
    title = models.CharField(_("judul"), max_length=300)
    organiser = models.CharField(_("penyelenggara"), max_length=200)
    areas = models.JSONField(_("bidang kompetensi"), default=list)
    description = models.TextField(_("keterangan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")

    def __str__(self):
        return self.title

    @property
    def area_names(self) -> list[str]:
        return catalogue().area_names(self.areas)


class TrainingSession(models.Model):
    OFFLINE, ONLINE, BLENDED = "offline", "online", "blended"
    MODES = [(OFFLINE, _("Tatap muka")), (ONLINE, _("Daring")), (BLENDED, _("Campuran"))]

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("nama sesi"), max_length=200, blank=True, help_text=_("Misalnya: Angkatan I"))
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(pgettext_lazy("tanggal akhir sesi", "selesai"))
    hours = models.DecimalField(_("jumlah jam pelajaran"), max_digits=5, decimal_places=1)
    mode = models.CharField(_("moda"), max_length=10, choices=MODES, default=OFFLINE)
    location = models.CharField(_("tempat"), max_length=200, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["programme", "starts_on", "pk"]
        verbose_name = _("sesi pelatihan")
        verbose_name_plural = _("sesi pelatihan")

    def __str__(self):
        return self.title or f"{self.programme} {self.starts_on:%d-%m-%Y}"


class Enrolment(models.Model):
    """A participant of a programme, with the certificate of completion if any."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="enrolments")
    certificate = models.FileField(upload_to="capacity/", blank=True)
    certificate_name = models.CharField(max_length=255, blank=True)
    certificate_type = models.CharField(max_length=100, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["staff__unit__name", "staff__name"]
        constraints = [models.UniqueConstraint(fields=["programme", "staff"], name="uniq_enrolment")]

    def __str__(self):
        return f"{self.staff} @ {self.programme}"


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(_("hadir"))
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "staff"], name="uniq_attendance")]

    def __str__(self):
        return f"{self.staff} @ {self.session}: {self.present}"


class CertificationQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(issued_on__lte=day).filter(
            models.Q(expires_on=None) | models.Q(expires_on__gte=day)
        )


class Certification(models.Model):
    """An external certification of a person (e.g. a BSSN or vendor certificate)."""

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="certifications")
    name = models.CharField(_("nama sertifikasi"), max_length=300)
    issuer = models.CharField(_("penerbit"), max_length=200)
    number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    areas = models.JSONField(_("bidang kompetensi"), default=list)
    issued_on = models.DateField(_("tanggal terbit"))
    expires_on = models.DateField(
        _("berlaku sampai"), null=True, blank=True, help_text=_("Kosong bila seumur hidup")
    )
    file = models.FileField(upload_to="capacity/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on", "name"]
        verbose_name = _("sertifikasi")
        verbose_name_plural = _("sertifikasi")

    def __str__(self):
        return self.name

    @property
    def area_names(self) -> list[str]:
        return catalogue().area_names(self.areas)
