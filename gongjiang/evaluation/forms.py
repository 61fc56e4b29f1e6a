"""Page forms: they parse and show errors beside the field; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongjiang.evaluation.models import (
    AgencyKind,
    AgencyStatus,
    AwardRoute,
    Examiner,
    NegativeSubject,
    RuleRoute,
)
from gongjiang.reference.grades import NATIONAL_LEVEL_BY_GRADE, Grade
from gongjiang.reference.models import Division, Occupation
from gongjiang.reference.schools import SchoolKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVEL_GRADES = [(g.value, g.label) for g in Grade if g in NATIONAL_LEVEL_BY_GRADE]


def _occupations():
    return Occupation.objects.filter(level=4).order_by("code")


class _OccupationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


OCCUPATION_LABEL = _("职业（工种）")


def occupation_field(label=OCCUPATION_LABEL):
    return _OccupationField(label=label, queryset=_occupations())


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("机构名称"), max_length=200)
    kind = forms.ChoiceField(label=_("机构类别"), choices=AgencyKind.choices)
    district = forms.ModelChoiceField(label=_("备案区县"), queryset=Division.objects.none())
    enterprise_uscc = forms.CharField(label=_("所属企业统一社会信用代码"), max_length=18, required=False,
                                      help_text=_("用人单位自主评价时填写，须为已登记的企业"))
    code = forms.CharField(label=_("机构代码"), max_length=4, initial="0000",
                           help_text=_("人社部赋予的4位代码；在省级备案的填 0000"))
    province_code = forms.CharField(label=_("省份代码"), max_length=2, initial="33")
    site_code = forms.CharField(label=_("评价机构（站点）代码"), max_length=6)
    filed_on = forms.DateField(label=_("备案日期"), widget=DATE)

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts if districts is not None else Division.objects.filter(
            level=3, retired_on__isnull=True).order_by("code")


class ScopeForm(forms.Form):
    occupation = occupation_field()
    grade = forms.TypedChoiceField(label=_("等级"), choices=LEVEL_GRADES, coerce=int)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=AgencyStatus.choices)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class ExaminerForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64)
    card_number = forms.CharField(label=_("考评员证号"), max_length=32, required=False)
    enterprise_uscc = forms.CharField(label=_("工作单位统一社会信用代码"), max_length=18, required=False,
                                      help_text=_("用于回避审查：考评员不得考核本单位职工"))


class RuleForm(forms.Form):
    occupation = occupation_field()
    grade = forms.TypedChoiceField(label=_("申报等级"), choices=LEVEL_GRADES, coerce=int)
    route = forms.ChoiceField(label=_("途径"), choices=RuleRoute.choices, initial=RuleRoute.YEARS, required=False)
    previous_grade = forms.TypedChoiceField(label=_("需已取得等级"), choices=[("", _("不要求"))] + LEVEL_GRADES,
                                            coerce=int, empty_value=None, required=False)
    years = forms.IntegerField(label=_("累计从事本职业工作年限"), min_value=0, max_value=50, initial=0,
                               help_text=_("工作年限途径：自取得前一等级证书（或首次就业）起；院校毕业途径：毕业并取得前一等级证书后"))
    school_kinds = forms.MultipleChoiceField(label=_("学校类别"), choices=SchoolKind.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text=_("院校毕业途径：认可哪些学校本专业或相关专业的毕业生"))
    training_hours = forms.IntegerField(label=_("正规培训标准学时"), min_value=1, max_value=10000, required=False,
                                        help_text=_("正规培训途径：须完成的本职业本等级培训学时数"))
    citation = forms.CharField(label=_("依据"), max_length=200,
                               help_text=_("标准名称、版本和条款，如《国家职业技能标准 电工》（2018年版）2.3"))


    def clean_route(self):
        return self.cleaned_data.get("route") or RuleRoute.YEARS


class BatchForm(forms.Form):
    occupation = occupation_field()
    grade = forms.TypedChoiceField(label=_("等级"), choices=LEVEL_GRADES, coerce=int)
    exam_date = forms.DateField(label=_("考核日期"), widget=DATE)
    site = forms.CharField(label=_("考核地点"), max_length=200)
    examiners = forms.ModelMultipleChoiceField(label=_("考评员"), queryset=Examiner.objects.none(), required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            self.fields["examiners"].queryset = agency.examiners.all()
            scoped = agency.scopes.values_list("occupation_id", flat=True)
            self.fields["occupation"].queryset = _occupations().filter(pk__in=scoped)


class CandidateForm(forms.Form):
    id_number = forms.CharField(label=_("公民身份号码"), max_length=40)
    name = forms.CharField(label=_("姓名"), max_length=64)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("证书编号"), max_length=30, required=False)
    name = forms.CharField(label=_("姓名"), max_length=64, required=False)
    credential = forms.CharField(label=_("证书凭证或二维码内容"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("或上传证书 PDF / 凭证文件（.pdf / .jwt / .json）"), required=False)


class AwardForm(forms.Form):
    route = forms.ChoiceField(label=_("认定方式"), choices=AwardRoute.choices)
    id_number = forms.CharField(label=_("公民身份号码"), max_length=40)
    name = forms.CharField(label=_("姓名"), max_length=64)
    occupation = occupation_field()
    grade = forms.TypedChoiceField(label=_("认定等级"), choices=LEVEL_GRADES, coerce=int)
    evidence = forms.CharField(label=_("业绩与证明材料"), widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=_("写明业绩、获奖、技术革新等，以及证明材料的名称和出具单位"))

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            scoped = agency.scopes.values_list("occupation_id", flat=True)
            self.fields["occupation"].queryset = _occupations().filter(pk__in=scoped)


class NegativeEntryForm(forms.Form):
    subject = forms.ChoiceField(label=_("对象类别"), choices=NegativeSubject.choices)
    agency = forms.ModelChoiceField(label=_("评价机构"), queryset=None, required=False)
    examiner = forms.ModelChoiceField(label=_("考评员"), queryset=Examiner.objects.none(), required=False)
    reason = forms.CharField(label=_("列入原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label=_("依据文件"), max_length=200, help_text=_("处理决定的文号或文件名称"))
    listed_from = forms.DateField(label=_("列入日期"), widget=DATE)
    listed_until = forms.DateField(label=_("期满日期"), widget=DATE, required=False, help_text=_("留空表示长期"))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        from gongjiang.evaluation.models import Agency

        agencies = agencies if agencies is not None else Agency.objects.none()
        self.fields["agency"].queryset = agencies
        self.fields["examiner"].queryset = Examiner.objects.filter(agency__in=agencies).select_related("agency")
        self.fields["examiner"].label_from_instance = lambda e: f"{e.name}（{e.agency.name}）"


class NegativeLiftForm(forms.Form):
    lift_reason = forms.CharField(label=_("移出原因"), max_length=300)
