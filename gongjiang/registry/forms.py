"""Page forms. They only parse and show errors beside the field; the rules live in services."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongjiang.accounts.permissions import Scope, scope
from gongjiang.core.forms import ModelForm
from gongjiang.reference.models import Division, Industry, Occupation
from gongjiang.registry.models import (
    Achievement,
    Certificate,
    CompetitionResult,
    Education,
    Employment,
    Enterprise,
    Honour,
    TrainingRecord,
)
from gongjiang.registry.selectors import district_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _occupations():
    return Occupation.objects.filter(level=4).order_by("code")


def _districts():
    return Division.objects.filter(level=3, retired_on__isnull=True).order_by("code")


class DistrictField(forms.ModelChoiceField):
    """A district select showing the actor's districts (ADR 0019), names alike told apart by city."""

    labels: dict[str, str] = {}

    def label_from_instance(self, obj):
        return self.labels.get(obj.code, obj.name)


def districts_for(field: forms.Field, actor, *, keep=None, own_only: bool = False) -> None:
    """Limit a district field to what `actor`'s scope covers (their own district only when
    `own_only` and they are bureau staff), keeping the record's current district `keep`."""
    choices = district_choices(actor)
    if own_only and scope(actor) == Scope.DISTRICT:
        choices = [c for c in choices if c.code == actor.district.code]
    codes = [c.code for c in choices]
    field.queryset = _districts().filter(Q(code__in=codes) | Q(pk=getattr(keep, "pk", keep)))
    field.labels = {c.code: c.label for c in choices}


class WorkerForm(forms.Form):
    id_number = forms.CharField(label=_("公民身份号码"), max_length=40,
                                help_text=_("18 位；15 位旧号码会自动升位；末位 x 会自动转为大写"))
    name = forms.CharField(label=_("姓名"), max_length=64)
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    ss_card = forms.CharField(label=_("社会保障卡号"), max_length=32, required=False)
    residence_district = DistrictField(label=_("常住区县"), queryset=_districts(), required=False)
    discoverable = forms.BooleanField(label=_("本人同意其他用人单位检索"), required=False)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if actor is not None:
            districts_for(self.fields["residence_district"], actor, keep=self.initial.get("residence_district"))
        else:
            self.fields["residence_district"].queryset = _districts()


class WorkerEditForm(WorkerForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["id_number"]


class MyArchiveForm(forms.Form):
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    discoverable = forms.BooleanField(
        label=_("允许本单位以外的用人单位在人才库中检索到我"), required=False,
        help_text=_("您可以随时撤回。撤回后，其他单位将无法检索到您（个人信息保护法）。"))


class EmployeeAddForm(forms.Form):
    id_number = forms.CharField(label=_("公民身份号码"), max_length=40)
    name = forms.CharField(label=_("姓名"), max_length=64)
    enterprise = forms.ModelChoiceField(label=_("单位"), queryset=Enterprise.objects.none(), required=False)
    start_date = forms.DateField(label=_("入职日期"), widget=DATE)
    post = forms.CharField(label=_("岗位"), max_length=128, required=False)
    occupation = forms.ModelChoiceField(label=_("职业（工种）"), queryset=_occupations(), required=False)
    is_front_line = forms.BooleanField(label=_("一线岗位"), required=False)
    is_second_job = forms.BooleanField(label=_("兼职（第二职业）"), required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = _occupations()
        if enterprises is None:
            del self.fields["enterprise"]
        else:
            self.fields["enterprise"].queryset = enterprises
            self.fields["enterprise"].required = True


class EnterpriseForm(ModelForm):
    class Meta:
        model = Enterprise
        fields = ["uscc", "name", "district", "township_code", "township_name", "industry", "size", "ownership",
                  "address", "contact_name", "contact_phone"]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"] = DistrictField(label=self.fields["district"].label, queryset=_districts())
        if actor is not None:
            districts_for(self.fields["district"], actor, keep=self.instance.district_id, own_only=True)
        self.fields["industry"].queryset = Industry.objects.filter(level=2).order_by("code")


class EnterpriseContactForm(ModelForm):
    class Meta:
        model = Enterprise
        fields = ["address", "contact_name", "contact_phone"]


class _ArchiveForm(ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "occupation" in self.fields:
            self.fields["occupation"].queryset = _occupations()
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE


class EmploymentForm(_ArchiveForm):
    class Meta:
        model = Employment
        fields = ["enterprise", "post", "occupation", "is_front_line", "is_second_job", "start_date", "end_date"]

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is not None:
            self.fields["enterprise"].queryset = enterprises


class CertificateForm(_ArchiveForm):
    class Meta:
        model = Certificate
        fields = ["kind", "number", "occupation", "ability_name", "grade", "issuer", "issued_on"]


class TrainingForm(_ArchiveForm):
    class Meta:
        model = TrainingRecord
        fields = ["institution_name", "programme", "occupation", "grade", "start_date", "end_date", "hours",
                  "completed", "subsidised"]


class CompetitionForm(_ArchiveForm):
    class Meta:
        model = CompetitionResult
        fields = ["competition_name", "level", "occupation", "held_on", "rank", "award"]


class HonourForm(_ArchiveForm):
    class Meta:
        model = Honour
        fields = ["title", "level", "awarded_by", "awarded_on"]


class AchievementForm(_ArchiveForm):
    class Meta:
        model = Achievement
        fields = ["kind", "title", "description", "achieved_on"]


class EducationForm(_ArchiveForm):
    class Meta:
        model = Education
        fields = ["school_kind", "school_name", "major_occupation", "graduated_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major_occupation"].queryset = _occupations()


ARCHIVE_FORMS = {
    "employment": (EmploymentForm, _("就业经历")),
    "certificate": (CertificateForm, _("证书")),
    "training": (TrainingForm, _("培训记录")),
    "competition": (CompetitionForm, _("竞赛成绩")),
    "honour": (HonourForm, _("荣誉称号")),
    "achievement": (AchievementForm, _("工作业绩")),
    "education": (EducationForm, _("学历")),
}
