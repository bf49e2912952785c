from django.contrib import admin

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only and nobody edits it through the product."""

    list_display = ("id", "at", "actor_label", "action", "object_label", "institution")
    list_filter = ("action",)
    search_fields = ("actor_label", "object_label")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
