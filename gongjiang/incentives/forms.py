from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _


class ParameterValueForm(forms.Form):
    name = forms.ChoiceField(label=_("参数"), choices=())
    value = forms.CharField(label=_("取值"), max_length=32, help_text=_("金额填元，比例填小数，例如 0.3"))
    effective_from = forms.DateField(label=_("适用起始日"), initial=date(2025, 1, 1),
                                     widget=forms.DateInput(attrs={"type": "date"}))
    citation = forms.CharField(label=_("依据（文号和条款）"), max_length=255)

    def __init__(self, *args, names: list[str] = (), **kwargs):
        """`names`: the parameters the version's formula reads, offered by their labels."""
        from gongjiang.incentives.explain import parameter_label

        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [(n, parameter_label(n)) for n in names]


class ConditionsForm(forms.Form):
    conditions = forms.CharField(label=_("条件（YAML 或 JSON 列表）"), widget=forms.Textarea(attrs={"rows": 10}),
                                 help_text=_("每行一项，写法和可用的事实名见下方“技术信息”"))


class WhatIfForm(forms.Form):
    first = forms.DateField(label=_("起始月"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("截止月"), widget=forms.DateInput(attrs={"type": "date"}))


class MonthForm(forms.Form):
    month = forms.DateField(label=_("计算月份（任选当月一天）"), widget=forms.DateInput(attrs={"type": "date"}))


class AccountForm(forms.Form):
    # Not required here: the service says what is wrong, in the platform's words (issue 10 §10).
    account = forms.CharField(label=_("收款账户（银行卡号或社保卡金融账户）"), max_length=40, required=False)


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("审核意见"), choices=[("1", _("通过")), ("0", _("不予通过"))],
                                     coerce=lambda v: v == "1")
    reason = forms.CharField(label=_("理由"), required=False, max_length=255)


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label=_("异议人"), max_length=64)
    reason = forms.CharField(label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionDecideForm(forms.Form):
    upheld = forms.TypedChoiceField(label=_("处理结果"), choices=[("1", _("异议成立，不予发放")), ("0", _("异议不成立"))],
                                    coerce=lambda v: v == "1")
    resolution = forms.CharField(label=_("处理说明"), max_length=255)


class ResultFileForm(forms.Form):
    file = forms.FileField(label=_("回盘文件（.xlsx）"))


class ApplicationForm(forms.Form):
    """A worker's application (申报) under an application-mode policy (issue 10 §18)."""

    certificate = forms.TypedChoiceField(label=_("申报的证书"), coerce=int, choices=())
    insured_months = forms.IntegerField(label=_("参加失业保险月数"), min_value=0, max_value=600,
                                        help_text=_("可在社保卡或“浙里办”等渠道查询"))
    account = forms.CharField(label=_("收款账户（银行卡号或社保卡金融账户）"), max_length=40, required=False)
    documents = forms.CharField(label=_("申报材料（每行一项，可不填）"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, certificates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].choices = [
            (c.pk, f"{c.get_grade_display()} · {c.occupation.name if c.occupation else c.get_kind_display()}"
                   f" · {c.issued_on:%Y-%m-%d}") for c in certificates]
