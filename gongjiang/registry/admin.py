"""Back-office editing for bureau staff. Sealed personal fields are never shown here in clear;
a new worker's ID number goes through the same validation as everywhere else."""

from django import forms
from django.contrib import admin

from gongjiang.registry.models import (
    Achievement,
    Certificate,
    CompetitionResult,
    Employment,
    Enterprise,
    Honour,
    TrainingRecord,
    Worker,
)


class WorkerAdminForm(forms.ModelForm):
    id_number = forms.CharField(label="公民身份号码", required=False,
                                help_text="新增时必填；修改时留空表示不变")

    class Meta:
        model = Worker
        fields = ["name", "residence_district", "discoverable"]

    def clean_id_number(self):
        value = self.cleaned_data["id_number"]
        if not value:
            if self.instance.pk is None:
                raise forms.ValidationError("请填写公民身份号码")
            return ""
        from gongjiang.identity import IdentityError, resident_id_validate

        try:
            rid = resident_id_validate(value)
        except IdentityError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.instance.sex, self.instance.birth_date = rid.sex, rid.birth_date
        self.instance.native_region_code = rid.region_code
        return rid.number

    def save(self, commit=True):
        if self.cleaned_data.get("id_number"):
            self.instance.set_id_number(self.cleaned_data["id_number"])
        return super().save(commit)


class _Inline(admin.TabularInline):
    extra = 0
    raw_id_fields = ["occupation"]


class EmploymentInline(_Inline):
    model = Employment
    raw_id_fields = ["enterprise", "occupation"]


class CertificateInline(_Inline):
    model = Certificate
    raw_id_fields = ["occupation", "evaluator_enterprise"]


class TrainingInline(_Inline):
    model = TrainingRecord


class CompetitionInline(_Inline):
    model = CompetitionResult


class HonourInline(admin.TabularInline):
    model = Honour
    extra = 0


class AchievementInline(admin.TabularInline):
    model = Achievement
    extra = 0


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    form = WorkerAdminForm
    list_display = ["name", "id_number_masked", "sex", "birth_date", "residence_district", "discoverable"]
    list_filter = ["sex", "discoverable", "residence_district"]
    search_fields = ["name"]
    readonly_fields = ["id_number_masked", "sex", "birth_date", "phone_masked", "ss_card_masked"]
    inlines = [EmploymentInline, CertificateInline, TrainingInline, CompetitionInline, HonourInline,
               AchievementInline]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "district", "industry", "size", "ownership"]
    list_filter = ["ownership", "size", "district"]
    search_fields = ["name", "uscc"]
    raw_id_fields = ["industry"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "worker", "occupation", "grade", "issuer", "issued_on"]
    list_filter = ["kind", "grade"]
    search_fields = ["number", "issuer", "worker__name"]
    raw_id_fields = ["worker", "occupation", "evaluator_enterprise"]
