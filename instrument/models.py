"""Frameworks (instrumen) as loaded from the YAML files in frameworks/.

A FrameworkVersion is immutable once loaded: a changed file becomes a new version, so a
campaign always keeps the exact catalogue, weights and criteria it was assessed against.
"""

from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from instrument.scoring import Engine, ScoringModel

CONFIDENCE_CHOICES = [
    ("confirmed", _("Terkonfirmasi")),
    ("high", _("Tinggi")),
    ("medium", _("Sedang")),
    ("low", _("Rendah")),
]

_engines: dict[int, Engine] = {}
_contents: dict[tuple[int, str], dict] = {}


class Framework(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=100)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.short_title

    @property
    def current(self):
        return self.versions.filter(is_current=True).first()


class FrameworkVersionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(help_text=_("Nomor urut versi yang dimuat (1, 2, …)"))
    label = models.CharField(max_length=50, help_text=_("Label versi yang ditulis di berkas"))
    content_hash = models.CharField(max_length=64)
    source_name = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=100)
    legal_basis = models.TextField()
    status = models.TextField(blank=True)
    confidence = models.CharField(max_length=10, choices=CONFIDENCE_CHOICES)
    confidence_summary = models.TextField()
    content = models.JSONField(help_text=_("Isi berkas yang sudah dinormalkan"))
    scoring = models.JSONField(help_text=_("Bentuk model penilaian untuk mesin skor"))
    is_current = models.BooleanField(default=False)
    loaded_at = models.DateTimeField(auto_now_add=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ["framework__slug", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="uniq_framework_version_number"),
            models.UniqueConstraint(fields=["framework", "content_hash"], name="uniq_framework_version_hash"),
            models.UniqueConstraint(
                fields=["framework"], condition=models.Q(is_current=True), name="one_current_version"
            ),
        ]

    def __str__(self):
        return f"{self.short_title} v{self.number} ({self.label})"

    @property
    def slug(self) -> str:
        return self.framework.slug

    def engine(self) -> Engine:
        """The scoring engine for this version, built once per process (versions never change)."""
        engine = _engines.get(self.pk)
        if engine is None:
            engine = _engines[self.pk] = Engine(ScoringModel.from_dict(self.scoring))
        return engine

    @cached_property
    def has_domains(self) -> bool:
        return bool(self.scoring["domains"])

    def parsed(self) -> dict:
        """`content`, read and parsed once per process (a version never changes in place), so the
        pages that answer most often can leave the ~70 kB document out of their query
        (`defer(...content)`)."""
        key = (self.pk, self.content_hash)
        content = _contents.get(key)
        if content is None:
            content = _contents[key] = self.content
        return content

    def level_names(self, scale: str) -> dict:
        return self.parsed()["scales"][scale]["levels"]

    @property
    def values(self) -> dict:
        return self.parsed()["values"]

    @property
    def level_range(self) -> range:
        return range(self.values["min"], self.values["max"] + 1)

    @property
    def level_cascade(self) -> bool:
        return self.parsed()["options"]["level_cascade"]


class Domain(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=300)
    weight = models.DecimalField(max_digits=7, decimal_places=4)

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="uniq_domain_number")]

    def __str__(self):
        return f"D{self.number} {self.name}"


class Aspect(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="aspects")
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, null=True, blank=True, related_name="aspects"
    )
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=300)
    weight = models.DecimalField(max_digits=7, decimal_places=4)

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="uniq_aspect_number")]

    def __str__(self):
        return f"A{self.number} {self.name}"


class IndicatorQuerySet(models.QuerySet):
    def of_version(self, version):
        return self.filter(version=version).select_related("aspect", "aspect__domain")

    def self_assessed(self):
        return self.filter(value_source=Indicator.SELF)


class Indicator(models.Model):
    SELF, EXTERNAL = "self", "external"
    VALUE_SOURCES = [(SELF, _("Penilaian mandiri")), (EXTERNAL, _("Nilai dari sistem instansi lain"))]

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="indicators")
    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveIntegerField()
    code = models.CharField(max_length=20, blank=True)
    name = models.CharField(max_length=400)
    short_name = models.CharField(max_length=200)
    weight = models.DecimalField(max_digits=7, decimal_places=4)
    scale = models.CharField(max_length=50)
    question = models.TextField()
    focus = models.TextField(blank=True)
    criteria_confidence = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    evidence_guidance = models.TextField(blank=True)
    value_source = models.CharField(max_length=10, choices=VALUE_SOURCES, default=SELF)
    external = models.JSONField(null=True, blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="uniq_indicator_number")]

    def __str__(self):
        return f"{self.label} {self.short_name}"

    @property
    def label(self) -> str:
        return self.code or str(self.number)

    @property
    def is_external(self) -> bool:
        return self.value_source == self.EXTERNAL


class LevelCriterion(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="criteria")
    level = models.PositiveSmallIntegerField()
    level_name = models.CharField(max_length=100)
    text = models.TextField(blank=True)
    unknown_reason = models.TextField(blank=True, help_text=_("Diisi bila kriteria belum diketahui"))

    class Meta:
        ordering = ["indicator", "level"]
        constraints = [models.UniqueConstraint(fields=["indicator", "level"], name="uniq_criterion_level")]

    def __str__(self):
        return f"{self.indicator_id} L{self.level}"

    @property
    def is_known(self) -> bool:
        return not self.unknown_reason


class EvidenceItem(models.Model):
    """An evidence item (butir data dukung) a level asks for, e.g. Pemdi's I1-L2-03."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="evidence_items")
    level = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=30)
    position = models.PositiveSmallIntegerField()
    text = models.TextField(blank=True)
    unknown_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator", "level", "position"]
        constraints = [models.UniqueConstraint(fields=["indicator", "code"], name="uniq_evidence_item_code")]

    def __str__(self):
        return self.code
