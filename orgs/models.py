"""Institutions (instansi), their units (OPD) and who holds which role where."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

TIME_ZONES = [
    ("Asia/Jakarta", "WIB (UTC+7)"),
    ("Asia/Makassar", "WITA (UTC+8)"),
    ("Asia/Jayapura", "WIT (UTC+9)"),
]
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


class Institution(models.Model):
    KINDS = [
        ("kabupaten", _("Kabupaten")),
        ("kota", _("Kota")),
        ("provinsi", _("Provinsi")),
        ("kementerian", _("Kementerian/Lembaga")),
    ]
    name = models.CharField(_("nama"), max_length=200, unique=True)
    slug = models.SlugField(_("kode singkat"), unique=True, help_text=_("Dipakai di alamat halaman"))
    kind = models.CharField(_("jenis"), max_length=20, choices=KINDS)
    region_code = models.CharField(_("kode wilayah"), max_length=20, blank=True)
    time_zone = models.CharField(_("zona waktu"), max_length=40, choices=TIME_ZONES, default="Asia/Jakarta")
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    require_2fa = models.BooleanField(
        _("wajib verifikasi dua langkah"),
        default=True,
        help_text=_("Untuk admin, verifikator dan Koordinator SPBE"),
    )
    evidence_max_mb = models.PositiveSmallIntegerField(
        _("batas ukuran berkas data dukung (MB)"),
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_("Berkas data dukung yang lebih besar ditolak saat diunggah."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self):
        return self.name

    @property
    def evidence_limit_mb(self) -> int:
        """The admin's upload limit, never above the platform's ceiling (settings.EVIDENCE_MAX_MB)."""
        return min(self.evidence_max_mb, int(settings.EVIDENCE_MAX_MB))

    @property
    def zone_abbreviation(self) -> str:
        return ZONE_ABBREVIATIONS.get(self.time_zone, self.time_zone)


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Unit(models.Model):
    KINDS = [
        ("dinas", _("Dinas")),
        ("badan", _("Badan")),
        ("sekretariat", _("Sekretariat/Bagian")),
        ("inspektorat", _("Inspektorat")),
        ("kecamatan", _("Kecamatan")),
        ("lainnya", _("Lainnya")),
    ]
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=40)
    kind = models.CharField(_("jenis"), max_length=20, choices=KINDS)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    head_name = models.CharField(_("nama kepala unit"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["institution", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="uniq_unit_name"),
            models.UniqueConstraint(fields=["institution", "short_name"], name="uniq_unit_short_name"),
        ]

    def __str__(self):
        return self.short_name or self.name


class Role(models.TextChoices):
    INSTITUTION_ADMIN = "admin", _("Admin instansi")
    KOORDINATOR = "koordinator", _("Koordinator SPBE")
    VERIFIER = "verifier", _("Verifikator")
    UNIT_OPERATOR = "operator", _("Operator unit")
    UNIT_HEAD = "head", _("Kepala unit")
    VIEWER = "viewer", _("Pemantau")


UNIT_ROLES = {Role.UNIT_OPERATOR, Role.UNIT_HEAD}
PRIVILEGED_ROLES = {Role.INSTITUTION_ADMIN, Role.VERIFIER, Role.KOORDINATOR}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)


class Membership(models.Model):
    """One role of one person in one institution (and, for unit roles, one unit)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["institution", "role", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution", "role", "unit"],
                name="uniq_unit_membership",
                condition=models.Q(unit__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "institution", "role"],
                name="uniq_institution_membership",
                condition=models.Q(unit__isnull=True),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["operator", "head"], unit__isnull=False)
                    | (~models.Q(role__in=["operator", "head"]) & models.Q(unit__isnull=True))
                ),
                name="unit_only_for_unit_roles",
            ),
        ]

    def __str__(self):
        where = f" {self.unit}" if self.unit_id else ""
        return f"{self.get_role_display()}{where} — {self.institution}"
