from django import forms
from django.utils.translation import gettext_lazy as _

from gongjiang.reference.grades import Grade


class FilingForm(forms.Form):
    occupation = forms.CharField(label=_("职业（工种）"), max_length=140,
                                 help_text=_("《职业分类大典》代码或准确名称，如 6-18-02-04 或 焊工"))
    grade = forms.TypedChoiceField(label=_("技能等级"), choices=Grade.choices, coerce=int)
    headcount = forms.IntegerField(label=_("需求人数"))
    wage_offered = forms.DecimalField(label=_("拟提供月工资（元）"), max_digits=10, decimal_places=2)
    needed_by = forms.DateField(label=_("希望到岗日期"), widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.DateField(label=_("需求月份"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                             help_text=_("留空为本月"))
    vacancies_advertised = forms.IntegerField(label=_("已发布招聘岗位数"), min_value=0, initial=0)
    applicants = forms.IntegerField(label=_("应聘人数"), min_value=0, initial=0)
    suitable_applicants = forms.IntegerField(label=_("符合要求的应聘人数"), min_value=0, initial=0)
    weeks_open = forms.IntegerField(label=_("岗位空缺周数"), min_value=0, initial=0)
    filled = forms.BooleanField(label=_("已招满"), required=False)


class ReviseForm(FilingForm):
    reason = forms.CharField(label=_("修改说明"), max_length=200, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=200, required=False)


class ComputeForm(forms.Form):
    area = forms.CharField(label=_("发布地区代码"), max_length=6, initial="330900")
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    top = forms.IntegerField(label=_("列入职业数"), min_value=1, max_value=2000, initial=100)
    reference_year = forms.IntegerField(label=_("基准年度"), min_value=2000, max_value=2100, required=False,
                                        help_text=_("留空为上一年"))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("评审意见"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    entry = forms.IntegerField(label=_("针对条目"), required=False, widget=forms.HiddenInput)


class PublishForm(forms.Form):
    valid_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=_("失效日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("目录名称"), max_length=200, required=False)
    source = forms.CharField(label=_("发布文号"), max_length=255, required=False)


class WeightForm(forms.Form):
    key = forms.CharField(max_length=32, widget=forms.HiddenInput)
    weight = forms.DecimalField(label=_("权重"), max_digits=5, decimal_places=3)
    source = forms.CharField(label=_("依据"), max_length=300)
