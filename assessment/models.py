"""Campaigns (periode penilaian), unit assessments, answers and their evidence (data dukung)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from instrument.models import FrameworkVersion, Indicator
from orgs.models import Institution, Unit


class Campaign(models.Model):
    FULL, PERIODIC = "full", "periodic"
    KINDS = [(FULL, _("Penilaian mandiri lengkap")), (PERIODIC, _("Cek berkala"))]
    DRAFT, OPEN, VERIFICATION, CLOSED = "draft", "open", "verification", "closed"
    STATUSES = [
        (DRAFT, _("Disiapkan")),
        (OPEN, _("Dibuka")),
        (VERIFICATION, _("Verifikasi")),
        (CLOSED, _("Ditutup")),
    ]

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="campaigns")
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("instrumen")
    )
    name = models.CharField(_("nama"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=10, choices=KINDS, default=FULL)
    status = models.CharField(_("status"), max_length=15, choices=STATUSES, default=DRAFT)
    opens_on = models.DateField(_("dibuka"))
    unit_deadline = models.DateTimeField(_("batas pengisian unit"))
    verification_starts_on = models.DateField(_("verifikasi mulai"))
    verification_ends_on = models.DateField(_("verifikasi selesai"))
    closes_on = models.DateField(_("ditutup"))
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    units = models.ManyToManyField(Unit, through="Participation", related_name="campaigns")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-opens_on", "name"]
        constraints = [models.UniqueConstraint(fields=["institution", "name"], name="uniq_campaign_name")]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.OPEN


class Participation(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="participations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="uniq_participation")]

    def __str__(self):
        return f"{self.unit} @ {self.campaign}"


class Responsibility(models.Model):
    """Who answers an indicator in a campaign: the owner (penanggung jawab) and contributors."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responsibilities")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="owned_indicators", verbose_name=_("penanggung jawab")
    )
    contributors = models.ManyToManyField(
        Unit, blank=True, related_name="contributed_indicators", verbose_name=_("unit kontributor")
    )

    class Meta:
        ordering = ["campaign", "indicator__number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "indicator"], name="uniq_responsibility")]

    def __str__(self):
        return f"{self.indicator.label} → {self.owner}"


class UnitAssessmentQuerySet(models.QuerySet):
    def for_campaign(self, campaign):
        return self.filter(campaign=campaign)


class UnitAssessment(models.Model):
    DRAFT, SUBMITTED, UNDER_REVIEW, RETURNED, ACCEPTED = (
        "draft",
        "submitted",
        "review",
        "returned",
        "accepted",
    )
    STATUSES = [
        (DRAFT, _("Draf")),
        (SUBMITTED, _("Dikirim")),
        (UNDER_REVIEW, _("Sedang diverifikasi")),
        (RETURNED, _("Dikembalikan untuk revisi")),
        (ACCEPTED, _("Diterima")),
    ]
    EDITABLE = {DRAFT, RETURNED}

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=DRAFT)
    deadline = models.DateTimeField(_("batas pengisian"), help_text=_("Batas kampanye, atau perpanjangannya"))
    round = models.PositiveSmallIntegerField(_("putaran"), default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = UnitAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="uniq_unit_assessment")]

    def __str__(self):
        return f"{self.unit} — {self.campaign}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_overdue(self) -> bool:
        return self.is_editable and timezone.now() > self.deadline


class AnswerQuerySet(models.QuerySet):
    def for_campaign(self, campaign):
        return self.filter(assessment__campaign=campaign)

    def answered(self):
        return self.exclude(level=None)

    def previous_of(self, answer):
        """Last campaign's answer of the same unit to the same indicator number, if any."""
        campaign = answer.assessment.campaign
        return (
            self.filter(
                assessment__unit_id=answer.assessment.unit_id,
                indicator__number=answer.indicator.number,
                assessment__campaign__framework_version__framework_id=campaign.framework_version.framework_id,
                assessment__campaign__opens_on__lt=campaign.opens_on,
            )
            .select_related("assessment__campaign")
            .order_by("-assessment__campaign__opens_on")
            .first()
        )


class Answer(models.Model):
    OWNER, CONTRIBUTOR = "owner", "contributor"
    PARTS = [(OWNER, _("Penanggung jawab")), (CONTRIBUTOR, _("Kontributor"))]

    assessment = models.ForeignKey(UnitAssessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    part = models.CharField(_("peran unit"), max_length=12, choices=PARTS, default=OWNER)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    fakta = models.TextField(
        _("FAKTA"), blank=True, help_text=_("Dokumen, pasal dan halaman yang membuktikan level ini")
    )
    analisis = models.TextField(_("ANALISIS"), blank=True, help_text=_("Mengapa level ini terpenuhi"))
    version = models.PositiveIntegerField(default=0, help_text=_("Naik setiap kali disimpan"))
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "indicator__number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="uniq_answer")]

    def __str__(self):
        return f"{self.indicator.label} @ {self.assessment}"

    @property
    def is_complete(self) -> bool:
        return self.level is not None and bool(self.fakta.strip()) and bool(self.analisis.strip())


class Evidence(models.Model):
    """A piece of evidence of one unit, stored once (by SHA-256) and reusable across indicators."""

    FILE, LINK = "file", "link"
    KINDS = [(FILE, _("Berkas")), (LINK, _("Tautan"))]

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(max_length=5, choices=KINDS)
    title = models.CharField(_("judul"), max_length=300)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    url = models.URLField(_("tautan"), max_length=1000, blank=True)
    document_date = models.DateField(_("tanggal dokumen"), null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "sha256"], condition=models.Q(kind="file"), name="uniq_unit_file_hash"
            ),
        ]

    def __str__(self):
        return self.title


class AnswerEvidence(models.Model):
    """Evidence attached to an answer, optionally to the evidence item (butir) it proves."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="attachments")
    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="attachments")
    item_code = models.CharField(_("kode butir"), max_length=30, blank=True)
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item_code", "attached_at"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "evidence", "item_code"], name="uniq_answer_evidence")
        ]

    def __str__(self):
        return f"{self.answer} ← {self.evidence}"


class Notice(models.Model):
    """A message to one person, shown in the product and (where configured) e-mailed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    key = models.CharField(max_length=200, help_text=_("Mencegah pemberitahuan ganda"))
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="uniq_notice_key")]

    def __str__(self):
        return self.title
