from django.contrib import admin

from gongjiang.accounts.permissions import can
from gongjiang.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits the audit log (the database refuses it too)."""

    list_display = ["at", "actor_username", "actor_role", "action", "object_type", "object_id", "summary", "ip_address"]
    list_filter = ["action", "object_type", "actor_role"]
    search_fields = ["actor_username", "object_id", "summary"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return can(request.user, "audit.log_read")

    def has_module_permission(self, request):
        return self.has_view_permission(request)
