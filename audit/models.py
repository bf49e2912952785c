"""The append-only audit trail. Each entry carries the hash of the previous one, so an edited
or deleted entry breaks the chain and `manage.py verify_audit` names it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def for_institution(self, institution):
        return self.filter(institution=institution)


class AuditEntry(models.Model):
    at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("pelaku"), max_length=200, blank=True)
    institution = models.ForeignKey(
        "orgs.Institution", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("tindakan"), max_length=60, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=60, blank=True)
    object_id = models.CharField(_("id objek"), max_length=60, blank=True)
    object_label = models.CharField(_("objek"), max_length=300, blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("jejak audit")
        indexes = [models.Index(fields=["institution", "-id"])]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.object_label}"


class AuditHead(models.Model):
    """The newest entry's id and hash, so deleting the newest entries is detected too.
    Its single row is locked while an entry is written, which keeps the chain linear."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self):
        return f"#{self.last_id}"
