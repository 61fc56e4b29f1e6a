from django.contrib import admin

from gongjiang.demand.models import ShortageCatalogue, ShortageOccupation


class ShortageOccupationInline(admin.TabularInline):
    model = ShortageOccupation
    autocomplete_fields = ["occupation"]
    extra = 1


@admin.register(ShortageCatalogue)
class ShortageCatalogueAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "year", "valid_from", "valid_to", "is_demo"]
    list_filter = ["year", "is_demo"]
    search_fields = ["title", "source"]
    inlines = [ShortageOccupationInline]
