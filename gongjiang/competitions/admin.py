"""Back office: the bureau edits 以赛代评 rules and honour programmes (quotas) here (ADR 0024)."""

from django.contrib import admin

from gongjiang.competitions.models import Competition, HonourProgramme, Nomination, PromotionRule


@admin.register(PromotionRule)
class PromotionRuleAdmin(admin.ModelAdmin):
    list_display = ["level", "award", "max_rank", "title", "grade_steps", "grade_direct", "grade_cap", "citation",
                    "effective_from", "effective_to"]
    list_filter = ["level", "award"]


@admin.register(HonourProgramme)
class HonourProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "level", "area", "starts_on", "ends_on", "quota", "citation"]
    list_filter = ["kind"]


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "organiser_name", "starts_on", "status"]
    list_filter = ["level", "status"]
    readonly_fields = ["organiser", "status", "notice_from", "notice_until"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["programme", "worker", "enterprise", "status", "awarded_on"]
    list_filter = ["status"]
    readonly_fields = ["status", "notice_until", "awarded_on", "worker", "enterprise", "programme", "nominated_by"]
