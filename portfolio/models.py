"""The application portfolio: applications, their probe history, flags (findings), overlap groups,
the consolidation plan and the super-app service catalogue."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Institution, Unit
from portfolio import classification


class PortfolioSettings(models.Model):
    """Per institution: where probes may go, which CA to trust, and the tunable flag rules."""

    institution = models.OneToOneField(
        Institution, on_delete=models.CASCADE, related_name="portfolio_settings"
    )
    allowed_networks = models.TextField(
        _("jaringan internal yang boleh diprobe"),
        blank=True,
        help_text=_("Satu alamat atau CIDR per baris, mis. 10.20.0.0/16. Kosong = hanya alamat publik."),
    )
    trusted_ca_pem = models.TextField(
        _("sertifikat CA instansi (PEM)"),
        blank=True,
        help_text=_("Untuk aplikasi intranet yang memakai CA instansi sendiri."),
    )
    default_probe_minutes = models.PositiveIntegerField(_("jadwal probe bawaan (menit)"), default=60)
    unreachable_days = models.PositiveSmallIntegerField(_("tidak terjangkau selama (hari)"), default=7)
    stale_months = models.PositiveSmallIntegerField(_("tidak diperbarui selama (bulan)"), default=24)
    cert_warning_days = models.PositiveSmallIntegerField(
        _("peringatan sertifikat (hari sebelum habis)"), default=30
    )
    min_grade = models.CharField(_("nilai header minimal"), max_length=2, default="C")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengaturan portofolio")

    def __str__(self):
        return f"Pengaturan portofolio {self.institution}"


class Lifecycle(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    DEVELOPMENT = "development", _("Pengembangan")
    PRODUCTION = "production", _("Produksi")
    DORMANT = "dormant", _("Tidak aktif")
    RETIRED = "retired", _("Dihentikan")


class Hosting(models.TextChoices):
    NATIONAL_DC = "pdn", _("Pusat Data Nasional")
    REGIONAL_DC = "pdd", _("Pusat data daerah")
    CLOUD = "cloud", _("Cloud")
    THIRD_PARTY = "pihak_ketiga", _("Pihak ketiga")


class Integration(models.TextChoices):
    NONE = "none", _("Belum terintegrasi")
    SERVICE_BUS = "bus", _("Service bus (SPLP)")
    API = "api", _("API")
    BOTH = "bus_api", _("Service bus dan API")


PROBED_LIFECYCLES = [Lifecycle.DEVELOPMENT, Lifecycle.PRODUCTION, Lifecycle.DORMANT]


class ApplicationQuerySet(models.QuerySet):
    def for_institution(self, institution):
        return self.filter(institution=institution)

    def probe_due(self, now=None):
        now = now or timezone.now()
        return (
            self.filter(probe_enabled=True, lifecycle__in=PROBED_LIFECYCLES)
            .exclude(url="")
            .filter(models.Q(next_probe_at__isnull=True) | models.Q(next_probe_at__lte=now))
        )


class Application(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="applications")
    name = models.CharField(_("nama"), max_length=200)
    purpose = models.TextField(_("tujuan / fungsi"), blank=True)
    owner_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_apps",
        verbose_name=_("unit pemilik"),
    )
    user_units = models.ManyToManyField(
        Unit, blank=True, related_name="used_apps", verbose_name=_("unit pengguna")
    )
    url = models.CharField(_("URL utama"), max_length=500, blank=True)
    other_urls = models.TextField(_("URL lain"), blank=True, help_text=_("Satu URL per baris"))
    # Code lists are data (portfolio/data/*.json), checked by the forms and the import, not by
    # field choices, so a corrected list needs no migration.
    raa_code = models.CharField(_("klasifikasi aplikasi (RAA)"), max_length=10, blank=True)
    ral_code = models.CharField(_("area layanan (RAL)"), max_length=10, blank=True)
    services = models.TextField(_("layanan yang didukung"), blank=True)
    lifecycle = models.CharField(
        _("siklus hidup"), max_length=15, choices=Lifecycle.choices, default=Lifecycle.PRODUCTION
    )
    hosting = models.CharField(_("hosting"), max_length=15, choices=Hosting.choices, blank=True)
    integration = models.CharField(
        _("integrasi"), max_length=10, choices=Integration.choices, default=Integration.NONE
    )
    personal_data = models.BooleanField(_("mengolah data pribadi"), default=False)
    developer = models.CharField(_("pengembang / vendor"), max_length=200, blank=True)
    year_built = models.PositiveSmallIntegerField(_("tahun dibuat"), null=True, blank=True)
    last_updated = models.DateField(_("pembaruan terakhir"), null=True, blank=True)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    probe_enabled = models.BooleanField(_("probe aktif"), default=True)
    probe_minutes = models.PositiveIntegerField(_("jadwal probe (menit)"), default=60)
    next_probe_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_probe = models.ForeignKey(
        "ProbeResult", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("aplikasi")
        verbose_name_plural = _("aplikasi")
        constraints = [models.UniqueConstraint(fields=["institution", "name"], name="uniq_application_name")]

    def __str__(self):
        return self.name

    @property
    def raa_label(self) -> str:
        return classification.label(self.raa_code, "raa")

    @property
    def ral_label(self) -> str:
        return classification.label(self.ral_code, "ral")


class ProbeResult(models.Model):
    """One probe of an application's main URL; kept as history."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="probes")
    at = models.DateTimeField(default=timezone.now)
    url = models.CharField(max_length=500)
    blocked = models.TextField(blank=True)
    reachable = models.BooleanField(default=False)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    final_url = models.CharField(max_length=500, blank=True)
    redirects = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    tls_valid = models.BooleanField(null=True)
    tls_days_left = models.IntegerField(null=True, blank=True)
    tls_issuer = models.CharField(max_length=300, blank=True)
    tls_error = models.TextField(blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    grade = models.CharField(max_length=2, blank=True)
    tests = models.JSONField(default=dict, blank=True)
    grade_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["application", "-at"], name="probe_app_at")]

    def __str__(self):
        return f"{self.application} @ {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_down(self) -> bool:
        return not self.blocked and (not self.reachable or (self.status or 0) >= 500)

    @property
    def health(self) -> str:
        """up, down, degraded (answers but TLS invalid or 4xx), blocked or unknown."""
        if self.blocked:
            return "blocked"
        if self.is_down:
            return "down"
        if self.tls_valid is False or (self.status or 0) >= 400:
            return "degraded"
        return "up"


class Finding(models.Model):
    """A flag raised by the rules; closed (not deleted) when the condition clears."""

    DORMANT, INSECURE, GOVERNANCE = "dormant", "insecure", "governance"
    CATEGORIES = [(DORMANT, _("Tidak aktif")), (INSECURE, _("Tidak aman")), (GOVERNANCE, _("Tata kelola"))]

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=30)
    category = models.CharField(max_length=15, choices=CATEGORIES)
    explanation = models.TextField()
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=models.Q(closed_at__isnull=True),
                name="uniq_open_finding",
            )
        ]

    def __str__(self):
        return f"{self.application}: {self.kind}"


class OverlapGroup(models.Model):
    PROPOSED, CONFIRMED, DISMISSED = "proposed", "confirmed", "dismissed"
    STATUSES = [(PROPOSED, _("Usulan")), (CONFIRMED, _("Dikonfirmasi")), (DISMISSED, _("Ditolak"))]
    SIMILAR, NATIONAL = "similar", "national"
    KINDS = [(SIMILAR, _("Aplikasi serupa")), (NATIONAL, _("Duplikat aplikasi nasional"))]

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="overlap_groups")
    kind = models.CharField(max_length=10, choices=KINDS)
    key = models.CharField(max_length=200)
    reason = models.TextField()
    national_code = models.CharField(max_length=40, blank=True)
    score = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=STATUSES, default=PROPOSED)
    members = models.ManyToManyField(Application, related_name="overlap_groups")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-score"]
        constraints = [models.UniqueConstraint(fields=["institution", "key"], name="uniq_overlap_key")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class Disposition(models.Model):
    """The consolidation plan's line for one application."""

    KEEP, DEVELOP, MERGE, REPLACE, RETIRE = "keep", "develop", "merge", "replace", "retire"
    DECISIONS = [
        (KEEP, _("Pertahankan")),
        (DEVELOP, _("Kembangkan")),
        (MERGE, _("Gabung ke super app")),
        (REPLACE, _("Ganti dengan aplikasi nasional")),
        (RETIRE, _("Hentikan")),
    ]
    PLANNED, IN_PROGRESS, DONE = "planned", "in_progress", "done"
    STATUSES = [(PLANNED, _("Direncanakan")), (IN_PROGRESS, _("Berjalan")), (DONE, _("Selesai"))]

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="disposition")
    decision = models.CharField(_("keputusan"), max_length=10, choices=DECISIONS)
    national_code = models.CharField(_("aplikasi nasional pengganti"), max_length=40, blank=True)
    rationale = models.TextField(_("alasan"))
    target_date = models.DateField(_("target"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=PLANNED)
    completed_on = models.DateField(_("selesai pada"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["target_date"]

    def __str__(self):
        return f"{self.application}: {self.get_decision_display()}"


class ServiceCategory(models.TextChoices):
    ADMINDUK = "adminduk", _("Administrasi kependudukan")
    PENDIDIKAN = "pendidikan", _("Pendidikan")
    KETENAGAKERJAAN = "ketenagakerjaan", _("Ketenagakerjaan")
    KESEHATAN = "kesehatan", _("Kesehatan")
    PERIZINAN = "perizinan", _("Perizinan")
    SOSIAL = "sosial", _("Sosial")
    PAJAK = "pajak", _("Pajak dan retribusi")
    PENGADUAN = "pengaduan", _("Pengaduan")
    INFORMASI = "informasi", _("Informasi publik")
    LAINNYA = "lainnya", _("Lainnya")


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Service(models.Model):
    """A service offered to citizens through the super app's menu."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="services")
    slug = models.SlugField(_("kode"), max_length=80, help_text=_("Tetap, dipakai aplikasi seluler"))
    name = models.CharField(_("nama layanan"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=ServiceCategory.choices)
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="services", verbose_name=_("unit pemilik")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="catalogue_services",
        verbose_name=_("aplikasi"),
    )
    link = models.URLField(_("tautan layanan"), max_length=500)
    requirements = models.TextField(_("persyaratan"), blank=True)
    sso = models.BooleanField(_("mendukung SSO"), default=False)
    published = models.BooleanField(_("diterbitkan"), default=False)
    internal_notes = models.TextField(
        _("catatan internal"), blank=True, help_text=_("Tidak pernah ditampilkan publik")
    )
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["institution", "slug"], name="uniq_service_slug")]

    def __str__(self):
        return self.name


def next_probe_time(application: Application, now=None):
    return (now or timezone.now()) + timedelta(minutes=max(application.probe_minutes, 5))
