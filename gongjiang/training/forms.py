"""Forms of the training pages: they parse and show errors beside the field, in Chinese; the
rules themselves live in `services` (a refusal comes back with the field it concerns)."""

import re
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjiang.reference.grades import Grade
from gongjiang.reference.models import Division, Occupation
from gongjiang.training.models import (
    EnterpriseTrainingKind,
    FindingStatus,
    InstitutionKind,
    InstitutionStatus,
    Programme,
    QualityGrade,
    Site,
)


def _occupations(text: str) -> list[Occupation]:
    codes = [c for c in re.split(r"[\s,，、;；]+", text.strip()) if c]
    found = {o.code: o for o in Occupation.objects.filter(code__in=codes, level=4)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise forms.ValidationError(_("没有这些职业（工种）代码：%(c)s。请填写国家职业分类大典中的细类代码，如 6-18-02-04")
                                    % {"c": "、".join(missing)})
    return [found[c] for c in codes]


class InstitutionForm(forms.Form):
    name = forms.CharField(label=_("机构名称"), max_length=200)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=32)
    kind = forms.ChoiceField(label=_("办学性质"), choices=InstitutionKind.choices)
    licence_number = forms.CharField(label=_("办学许可证号"), max_length=64)
    district = forms.ModelChoiceField(label=_("所在区县"), queryset=Division.objects.filter(level=3, retired_on__isnull=True))
    scope = forms.CharField(label=_("培训范围（职业代码）"), help_text=_("多个代码用逗号或空格分隔，如 6-18-02-04, 4-10-01-01"))
    admitted_on = forms.DateField(label=_("准入日期"), widget=forms.DateInput(attrs={"type": "date"}))
    address = forms.CharField(label=_("地址"), max_length=255, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)

    def clean_scope(self):
        return _occupations(self.cleaned_data["scope"])


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("办学质量和诚信等级"), choices=QualityGrade.choices)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=InstitutionStatus.choices)
    status_reason = forms.CharField(label=_("原因"), max_length=255, required=False)


class SiteForm(forms.Form):
    name = forms.CharField(label=_("场地名称"), max_length=200)
    address = forms.CharField(label=_("地址"), max_length=255, required=False)
    township = forms.CharField(label=_("所在乡镇（街道）"), max_length=64, required=False)
    longitude = forms.DecimalField(label=_("经度"), max_digits=9, decimal_places=6, required=False)
    latitude = forms.DecimalField(label=_("纬度"), max_digits=9, decimal_places=6, required=False)
    capacity = forms.IntegerField(label=_("可容纳人数"), min_value=0, initial=0)


class ProgrammeForm(forms.Form):
    code = forms.SlugField(label=_("项目编号"), max_length=32)
    name = forms.CharField(label=_("项目名称"), max_length=200)
    occupation = forms.CharField(label=_("职业（工种）代码"), max_length=16)
    grade = forms.TypedChoiceField(label=_("培训等级"), choices=[("", "—"), *Grade.choices], coerce=int,
                                   empty_value=None, required=False)
    hours = forms.IntegerField(label=_("标准学时"), min_value=1)
    subsidy_standard = forms.DecimalField(label=_("补贴标准（元/人）"), max_digits=10, decimal_places=2, min_value=0)
    citation = forms.CharField(label=_("依据"), max_length=255, required=False)

    def clean_occupation(self):
        return _occupations(self.cleaned_data["occupation"])[0]


class ClassForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("培训项目"), queryset=Programme.objects.filter(published=True))
    site = forms.ModelChoiceField(label=_("培训场地"), queryset=Site.objects.none())
    name = forms.CharField(label=_("班级名称"), max_length=200)
    teacher = forms.CharField(label=_("授课教师"), max_length=64)
    start_date = forms.DateField(label=_("开班日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("结班日期"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_hours = forms.IntegerField(label=_("计划学时"), min_value=1)
    capacity = forms.IntegerField(label=_("计划人数"), min_value=1)

    def __init__(self, *args, institution_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(institution_id=institution_id)


class SessionForm(forms.Form):
    day = forms.DateField(label=_("上课日期"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("开始时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("结束时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    topic = forms.CharField(label=_("课程内容"), max_length=200, required=False)

    def moments(self):
        data = self.cleaned_data
        return (timezone.make_aware(datetime.combine(data["day"], data["starts"])),
                timezone.make_aware(datetime.combine(data["day"], data["ends"])))


class EnrolForm(forms.Form):
    id_number = forms.CharField(label=_("身份证号"), max_length=32)
    name = forms.CharField(label=_("姓名"), max_length=64)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("考勤文件（Excel 或 CSV）"))


class CheckinForm(forms.Form):
    enrolment = forms.IntegerField(label=_("学员"), widget=forms.Select)
    checked_in_at = forms.DateTimeField(label=_("签到时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    checked_out_at = forms.DateTimeField(label=_("签退时间"), required=False,
                                         widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("结业日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("核查结论"), choices=[(FindingStatus.CONFIRMED, FindingStatus.CONFIRMED.label),
                                                         (FindingStatus.CLEARED, FindingStatus.CLEARED.label)])
    outcome = forms.CharField(label=_("核查情况"), widget=forms.Textarea(attrs={"rows": 3}))


class EnterpriseTrainingForm(forms.Form):
    """Enterprise-run training filed by HR (R3.5)."""

    kind = forms.ChoiceField(label=_("培训类型"), choices=EnterpriseTrainingKind.choices)
    name = forms.CharField(label=_("培训名称"), max_length=200)
    occupation = forms.CharField(label=_("职业（工种）代码"), required=False, max_length=16,
                                 help_text=_("选填，如 6-18-02-04"))
    start_date = forms.DateField(label=_("开始日期"))
    end_date = forms.DateField(label=_("结束日期"))
    trainees = forms.IntegerField(label=_("参训人数"), min_value=0)
    hours = forms.IntegerField(label=_("培训学时"), min_value=0, initial=0)
    spend = forms.DecimalField(label=_("培训经费支出（元）"), max_digits=14, decimal_places=2)

    def clean_occupation(self):
        text = self.cleaned_data.get("occupation", "").strip()
        return _occupations(text)[0] if text else None
