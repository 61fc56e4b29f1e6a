"""Back-office editing of the training catalogues for bureau administrators (STYLE: bureau staff
get the Django admin). Rosters, check-ins and findings are read-only here: they change only
through the services (imports, supervision reviews)."""

from django.contrib import admin

from gongjiang.training.models import Finding, Institution, Programme, Site, TrainingClass


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "kind", "district", "status", "grade", "admitted_on"]
    list_filter = ["status", "grade", "kind"]
    search_fields = ["name", "uscc"]
    filter_horizontal = ["scope"]
    inlines = [SiteInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "occupation", "grade", "hours", "subsidy_standard", "published"]
    list_filter = ["published"]
    search_fields = ["code", "name"]


@admin.register(TrainingClass)
class TrainingClassAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "programme", "start_date", "end_date", "status"]
    list_filter = ["status"]
    search_fields = ["name", "institution__name"]
    readonly_fields = ["filed_by", "approved_by", "approved_at"]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["rule", "institution", "training_class", "status", "found_at"]
    list_filter = ["rule", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
