"""Back office for bureau staff: documents, policies and quotas are editable; decisions and the
ledger are read-only (the ledger is append-only; corrections go through `ledger_reverse`)."""

from django.contrib import admin

from gongjiang.incentives.models import (
    Claim,
    Decision,
    LedgerEntry,
    ParameterValue,
    Policy,
    PolicyDocument,
    PolicyVersion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "issuer", "effective_from", "applies_from"]
    search_fields = ["number", "title"]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "document", "clause", "formula", "mode"]
    list_filter = ["formula", "mode"]
    search_fields = ["name", "code"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnlyAdmin):
    list_display = ["policy", "number", "status", "created_by", "approved_by", "published_at"]
    list_filter = ["status"]


@admin.register(ParameterValue)
class ParameterValueAdmin(ReadOnlyAdmin):
    list_display = ["version", "name", "value", "effective_from", "decided_at", "citation"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["policy", "worker", "enterprise", "period", "eligible", "amount"]
    list_filter = ["eligible", "policy"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["policy", "worker", "enterprise", "period", "amount", "status"]
    list_filter = ["status", "policy"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["policy", "subject_key", "period", "kind", "attempt", "amount", "recorded_at"]
    list_filter = ["kind", "policy"]
