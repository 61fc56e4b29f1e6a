"""Back-office views of reference data for bureau staff.

Read-only: reference data changes through the data migrations and `load_occupations`, which
check codes and hierarchy; hand edits in the admin would bypass those checks.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gongjiang.reference.models import Division, Industry, Occupation


class ReadOnlyAdmin(admin.ModelAdmin):
    """View-only: no add, change or delete, for every user."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Occupation)
class OccupationAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "aliases", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "aliases"]
    list_select_related = ["parent"]
    ordering = ["code"]
    list_per_page = 100


class RetiredFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "retired"

    def lookups(self, request, model_admin):
        return [("no", _("现行")), ("yes", _("已撤销"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(retired_on__isnull=True)
        if self.value() == "yes":
            return queryset.filter(retired_on__isnull=False)
        return queryset


@admin.register(Division)
class DivisionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "parent", "retired_on", "successor"]
    list_filter = ["level", RetiredFilter]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "successor"]
    ordering = ["code"]
    list_per_page = 100


@admin.register(Industry)
class IndustryAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    ordering = ["level", "code"]
    list_per_page = 100
