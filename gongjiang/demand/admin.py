from django.contrib import admin

from gongjiang.demand.models import (
    CatalogueReviewNote,
    DemandFiling,
    DemandFilingRevision,
    IndicatorWeight,
    JobSeekerCount,
    ShortageCatalogue,
    ShortageOccupation,
)


class ShortageOccupationInline(admin.TabularInline):
    model = ShortageOccupation
    autocomplete_fields = ["occupation"]
    extra = 1


class ReviewNoteInline(admin.TabularInline):
    model = CatalogueReviewNote
    extra = 0
    readonly_fields = ["author", "created_at"]


@admin.register(ShortageCatalogue)
class ShortageCatalogueAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "year", "edition", "status", "valid_from", "valid_to", "is_demo"]
    list_filter = ["year", "status", "is_demo"]
    search_fields = ["title", "source"]
    inlines = [ShortageOccupationInline, ReviewNoteInline]


class RevisionInline(admin.TabularInline):
    model = DemandFilingRevision
    extra = 0
    readonly_fields = ["action", "values", "actor", "reason", "at"]
    can_delete = False


@admin.register(DemandFiling)
class DemandFilingAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "occupation", "grade", "period", "headcount", "filled", "status"]
    list_filter = ["status", "filled", "grade"]
    search_fields = ["enterprise__name", "occupation__code", "occupation__name"]
    raw_id_fields = ["enterprise", "occupation", "created_by"]
    inlines = [RevisionInline]


@admin.register(JobSeekerCount)
class JobSeekerCountAdmin(admin.ModelAdmin):
    list_display = ["occupation", "grade", "district", "period", "seekers"]
    raw_id_fields = ["occupation", "district"]


@admin.register(IndicatorWeight)
class IndicatorWeightAdmin(admin.ModelAdmin):
    """Read-only here: weights change on /demand/weights/, which requires a source and audits."""

    list_display = ["key", "weight", "source", "updated_by", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
