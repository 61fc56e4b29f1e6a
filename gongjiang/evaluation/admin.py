"""Back-office editing of evaluation records for bureau administrators. Certificates are
read-only here: issuing and revoking go through the services (signature, archive, audit)."""

from django.contrib import admin

from gongjiang.evaluation.models import (
    Agency,
    AgencyScope,
    DirectAward,
    EligibilityRule,
    Examiner,
    IssuedCertificate,
    NegativeListEntry,
)


class ScopeInline(admin.TabularInline):
    model = AgencyScope
    extra = 0
    raw_id_fields = ["occupation"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "site_code", "district", "status", "filed_on"]
    list_filter = ["kind", "status", "district"]
    search_fields = ["name", "site_code"]
    raw_id_fields = ["enterprise"]
    inlines = [ScopeInline]


@admin.register(Examiner)
class ExaminerAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "card_number"]
    raw_id_fields = ["enterprise"]


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(admin.ModelAdmin):
    list_display = ["occupation", "grade", "route", "previous_grade", "years", "training_hours", "citation"]
    raw_id_fields = ["occupation"]


@admin.register(NegativeListEntry)
class NegativeListEntryAdmin(admin.ModelAdmin):
    """Read-only here: entries are added and lifted on the negative-list page (audited)."""

    list_display = ["subject", "agency", "examiner", "reason", "listed_from", "listed_until", "lifted_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuedCertificate)
class IssuedCertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "name_masked", "agency", "issued_on", "status"]
    list_filter = ["status", "agency"]
    search_fields = ["number"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DirectAward)
class DirectAwardAdmin(admin.ModelAdmin):
    list_display = ["worker", "route", "grade", "agency", "status"]
    list_filter = ["route", "status"]
    raw_id_fields = ["worker", "occupation", "certificate"]

    def has_change_permission(self, request, obj=None):
        return False
