"""Official past results, effort estimates for the planner, and coaching plans (rencana pembinaan)
with their actions and mentoring sessions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.models import Campaign
from instrument.models import Framework, Indicator
from orgs.models import Institution, Unit


class OfficialResult(models.Model):
    """An index published by the ministry (KemenPANRB), entered or imported by the admin so that
    trends start where the institution's history does. Official numbers, never recomputed: the
    predicate is stored as published."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="official_results")
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="+", verbose_name=_("instrumen")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    index = models.DecimalField(_("indeks"), max_digits=6, decimal_places=4)
    predicate = models.CharField(_("predikat"), max_length=40)
    domains = models.JSONField(
        _("nilai domain"), default=dict, blank=True, help_text=_("{nomor domain: nilai}, seperti diterbitkan")
    )
    aspects = models.JSONField(
        _("nilai aspek"), default=dict, blank=True, help_text=_("{nomor aspek: nilai}, seperti diterbitkan")
    )
    source = models.CharField(
        _("sumber"), max_length=300, blank=True, help_text=_("Mis. surat/laporan hasil evaluasi KemenPANRB")
    )
    is_demo = models.BooleanField(_("data demo"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["institution", "year"]
        verbose_name = _("hasil resmi")
        verbose_name_plural = _("hasil resmi")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "framework", "year"], name="uniq_official_result_year"
            )
        ]

    def __str__(self):
        return f"{self.framework} {self.year}: {self.index}"


class EffortEstimate(models.Model):
    """How much work one level step of an indicator takes (e.g. person-days), for the planner.
    Kept by framework and indicator number so it survives a new framework version."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    indicator_number = models.PositiveSmallIntegerField()
    effort = models.PositiveIntegerField(_("usaha per langkah"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["institution", "framework", "indicator_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "framework", "indicator_number"], name="uniq_effort_estimate"
            )
        ]

    def __str__(self):
        return f"{self.framework} #{self.indicator_number}: {self.effort}"


class CoachingPlan(models.Model):
    """A unit's coaching plan (rencana pembinaan) for the gaps found in one campaign."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="coaching_plans")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="coaching_plans")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="coaching_plans", verbose_name=_("periode asal")
    )
    title = models.CharField(_("judul"), max_length=200)
    target = models.CharField(
        _("sasaran"),
        max_length=200,
        blank=True,
        help_text=_("Mis. predikat Memuaskan pada penilaian berikutnya"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="uniq_coaching_plan")]

    def __str__(self):
        return f"{self.unit} — {self.title}"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Action.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def to_check(self):
        """Actions a periodic check can re-check: not cancelled (done ones are the ones to prove)
        and not in a check that is still running."""
        running = [Campaign.DRAFT, Campaign.OPEN, Campaign.VERIFICATION]
        return self.exclude(status=Action.CANCELLED).exclude(check_campaign__status__in=running)


class Action(models.Model):
    """One thing a unit does to reach a level of an indicator."""

    PLANNED, IN_PROGRESS, DONE, CANCELLED = "planned", "progress", "done", "cancelled"
    STATUSES = [
        (PLANNED, _("Direncanakan")),
        (IN_PROGRESS, _("Berjalan")),
        (DONE, _("Selesai")),
        (CANCELLED, _("Dibatalkan")),
    ]
    OPEN = {PLANNED, IN_PROGRESS}  # still being worked on

    plan = models.ForeignKey(CoachingPlan, on_delete=models.CASCADE, related_name="actions")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indikator")
    )
    target_level = models.PositiveSmallIntegerField(_("level sasaran"))
    title = models.CharField(_("yang dikerjakan"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_actions",
        verbose_name=_("penanggung jawab"),
    )
    due_on = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=PLANNED)
    progress_note = models.TextField(_("catatan kemajuan"), blank=True)
    completed_on = models.DateField(_("selesai pada"), null=True, blank=True)
    check_campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checked_actions",
        verbose_name=_("dicek pada"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class MentoringSession(models.Model):
    """A mentoring session (pendampingan) held with the unit."""

    plan = models.ForeignKey(CoachingPlan, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("tanggal"))
    attendees = models.TextField(_("peserta"))
    notes = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.plan.unit} {self.held_on}"


class SessionFile(models.Model):
    session = models.ForeignKey(MentoringSession, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="coaching/%Y/%m/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name
