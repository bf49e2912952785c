"""Verification by the Tim Koordinasi, integrity findings, and the institution's result.

Nothing here is overwritten: every submission leaves a snapshot of each answer, every verdict
is a new row (the latest per answer, by round then id, counts), and an approval of the result
is revoked rather than deleted when an admin reopens it.
"""

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from assessment.models import Answer, Campaign, UnitAssessment
from instrument.models import Indicator
from orgs.models import Unit
from review import consolidation
from review.levels import LevelField

REASONS = [
    ("unsuitable", _("Data dukung tidak sesuai")),
    ("missing", _("Data dukung belum ada")),
    ("lower_level", _("Level di bawahnya belum terpenuhi (ditolak otomatis)")),
    ("other", _("Lainnya")),
]


class AnswerSnapshot(models.Model):
    """An answer as the unit sent it in one round: level, explanation and evidence list."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="snapshots")
    round = models.PositiveSmallIntegerField(_("putaran"))
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    fakta = models.TextField(blank=True)
    analisis = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    evidence = models.JSONField(default=list, help_text=_("Data dukung terlampir saat dikirim"))
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answer", "round", "pk"]
        indexes = [models.Index(fields=["answer", "round"])]

    def __str__(self):
        return f"{self.answer} (putaran {self.round})"

    @property
    def evidence_ids(self) -> set[int]:
        return {e["id"] for e in self.evidence}


class VerdictQuerySet(models.QuerySet):
    def for_campaign(self, campaign):
        return self.filter(answer__assessment__campaign=campaign)


class Verdict(models.Model):
    """A verifier's verdict on an answer in one round. Append-only."""

    ACCEPT, REVISE = "accept", "revise"
    DECISIONS = [(ACCEPT, _("Diterima")), (REVISE, _("Revisi"))]
    UNSUITABLE, MISSING, LOWER_LEVEL, OTHER = "unsuitable", "missing", "lower_level", "other"
    REASONS = REASONS

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="verdicts")
    round = models.PositiveSmallIntegerField(_("putaran"))
    decision = models.CharField(_("putusan"), max_length=10, choices=DECISIONS)
    reason = models.CharField(_("alasan"), max_length=20, choices=REASONS, blank=True)
    verified_level = LevelField(_("level terverifikasi"))
    justification = models.TextField(_("JUSTIFIKASI"), blank=True)
    items = models.JSONField(
        default=list, blank=True, help_text=_("Hasil aturan berjenjang per butir saat putusan dicatat")
    )
    bulk = models.BooleanField(default=False)
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["answer", "round", "pk"]
        indexes = [models.Index(fields=["answer", "round"])]

    def __str__(self):
        return f"{self.get_decision_display()} — {self.answer} (putaran {self.round})"

    @property
    def is_accept(self) -> bool:
        return self.decision == self.ACCEPT


class ItemVerdict(models.Model):
    """A verifier's verdict on one evidence item (butir) of an answer. Append-only."""

    ACCEPT, REVISE = Verdict.ACCEPT, Verdict.REVISE

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="item_verdicts")
    round = models.PositiveSmallIntegerField(_("putaran"))
    item_code = models.CharField(_("kode butir"), max_length=30)
    decision = models.CharField(_("putusan"), max_length=10, choices=Verdict.DECISIONS)
    reason = models.CharField(_("alasan"), max_length=20, choices=REASONS, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answer", "item_code", "round", "pk"]

    def __str__(self):
        return f"{self.item_code}: {self.get_decision_display()}"


class InterviewNote(models.Model):
    """Notes of an interview or a site visit, attached to an indicator of the campaign."""

    INTERVIEW, SITE_VISIT = "interview", "site_visit"
    KINDS = [(INTERVIEW, _("Wawancara")), (SITE_VISIT, _("Kunjungan lapangan"))]

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="interview_notes")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=KINDS, default=INTERVIEW)
    held_on = models.DateField(_("tanggal"))
    participants = models.CharField(_("peserta"), max_length=500, blank=True)
    text = models.TextField(_("catatan"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "indicator__number", "-held_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.indicator.label} {self.held_on}"


class FindingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(dismissed_at=None, resolved_at=None)

    def dismissed(self):
        return self.filter(resolved_at=None).exclude(dismissed_at=None)


class Finding(models.Model):
    """A result of an integrity check. Found again on the next run it is updated; no longer
    found it is marked resolved; dismissed by a verifier (with a reason) it stays, for admins."""

    HASH_REUSE, LATE_DOCUMENT, STALE_REVIEW = "hash_reuse", "late_document", "stale_review"
    EVIDENCE_REMOVED, NEAR_COPY, LEVEL_JUMP, OVERCLAIM = (
        "evidence_removed",
        "near_copy",
        "level_jump",
        "overclaim",
    )
    KINDS = [
        (HASH_REUSE, _("Berkas yang sama dipakai untuk klaim lain")),
        (LATE_DOCUMENT, _("Tanggal dokumen sesudah batas pengisian")),
        (STALE_REVIEW, _("Laporan reviu/audit lebih dari 2 tahun")),
        (EVIDENCE_REMOVED, _("Data dukung level di atas 1 dilepas")),
        (NEAR_COPY, _("Penjelasan hampir sama dengan unit lain")),
        (LEVEL_JUMP, _("Lonjakan level ≥ 2 dari periode sebelumnya")),
        (OVERCLAIM, _("Klaim unit berulang kali di atas hasil verifikasi")),
    ]

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="findings")
    assessment = models.ForeignKey(
        UnitAssessment, on_delete=models.CASCADE, null=True, blank=True, related_name="findings"
    )
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="findings"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=KINDS)
    key = models.CharField(
        max_length=200, help_text=_("Mengenali temuan yang sama pada pemeriksaan berikutnya")
    )
    summary = models.TextField(_("ringkasan"))
    details = models.JSONField(default=dict, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismiss_reason = models.TextField(_("alasan diabaikan"), blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "key"], name="uniq_finding_key")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.summary[:80]}"

    @property
    def is_open(self) -> bool:
        return self.dismissed_at is None and self.resolved_at is None

    def links(self, institution_slug: str) -> list[tuple[str, str]]:
        """(label, href) of every link in the details; links to pages that do not exist (yet)
        are left out rather than breaking the page."""
        result = []
        for link in self.details.get("links", []):
            if "href" in link:
                result.append((link["label"], link["href"]))
                continue
            try:
                href = reverse(link["name"], kwargs={"inst": institution_slug, **link.get("kwargs", {})})
            except NoReverseMatch:
                continue
            result.append((link["label"], href))
        return result


class IndicatorResult(models.Model):
    """The institution's answer to one indicator: the rule proposing it, and the final level
    settled by the verifiers with its explanation."""

    RULES = [
        (consolidation.OWNER, _("Level terverifikasi unit penanggung jawab")),
        (consolidation.LOWEST, _("Level terendah di antara unit")),
        (consolidation.ALL_AT_LEAST, _("Seluruh unit mencapai ≥ L")),
        (consolidation.SOME_AT_LEAST, _("Sebagian unit mencapai ≥ L")),
    ]

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="indicator_results")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(_("aturan usulan"), max_length=15, choices=RULES, default=consolidation.OWNER)
    threshold = models.PositiveSmallIntegerField(_("level L"), null=True, blank=True)
    final_level = LevelField(_("level final"))
    explanation = models.TextField(_("penjelasan"), blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign", "indicator__number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "indicator"], name="uniq_indicator_result")
        ]

    def __str__(self):
        return f"{self.indicator.label} @ {self.campaign}"


class ApprovalQuerySet(models.QuerySet):
    def current(self):
        return self.filter(revoked_at=None)


class Approval(models.Model):
    """The Koordinator SPBE's approval of the institution's result; it locks the result. A
    reopening by an admin revokes it (the row stays)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="approvals")
    number = models.CharField(_("nomor dokumen"), max_length=100)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    index_value = models.CharField(max_length=40, help_text=_("Indeks final, pecahan eksak"))
    index_display = models.CharField(max_length=20)
    predicate = models.CharField(max_length=40)
    levels = models.JSONField(help_text=_("Level final per nomor indikator saat disetujui"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(blank=True)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "-approved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign"], condition=models.Q(revoked_at=None), name="one_current_approval"
            ),
        ]

    def __str__(self):
        return self.number
