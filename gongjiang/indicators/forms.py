from django import forms
from django.utils.translation import gettext_lazy as _

from gongjiang.indicators.catalogue import indicator_choices
from gongjiang.indicators.models import Comparison, FigureKind, FigureSource, Path


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("指标"), choices=indicator_choices)
    area_code = forms.CharField(label=_("地区（行政区划代码）"), max_length=6, help_text=_("例如 330902 定海区、310000 上海市"))
    enterprise_uscc = forms.CharField(label=_("企业（统一社会信用代码）"), max_length=18, required=False,
                                      help_text=_("目标属于某家企业时填写；地区目标留空"))
    township_code = forms.CharField(label=_("乡镇（街道）代码"), max_length=9, required=False,
                                    help_text=_("目标属于区内某个乡镇（街道）时填写 9 位代码，例如 330902001；地区填所在区县"))
    township_name = forms.CharField(label=_("乡镇（街道）"), max_length=64, required=False,
                                    help_text=_("留空时取人才库中该代码企业登记的乡镇（街道）名称"))
    year = forms.IntegerField(label=_("目标年度"), min_value=2000, max_value=2100, help_text=_("到该年年底应达到的目标"))
    from_year = forms.IntegerField(label=_("累计起始年度"), min_value=2000, max_value=2100, required=False,
                                   help_text=_("跨年累计的人次、证书、金额目标填写，例如 2018"))
    value = forms.DecimalField(label=_("目标值"), max_digits=16, decimal_places=4, min_value=0,
                               help_text=_("比重按百分数填写，35 表示 35%"))
    comparison = forms.ChoiceField(label=_("比较方式"), choices=Comparison.choices, initial=Comparison.AT_LEAST)
    path = forms.ChoiceField(label=_("进度要求"), choices=Path.choices, initial=Path.LINEAR)
    document = forms.CharField(label=_("文件文号"), max_length=64, help_text=_("例如 定政發〔2025〕4號"))
    clause = forms.CharField(label=_("条款"), max_length=64, help_text=_("例如 一 总体目标、二(二)2"))
    wording = forms.CharField(label=_("原文表述"), max_length=255, required=False)
    note = forms.CharField(label=_("说明"), max_length=255, required=False)


class FigureForm(forms.Form):
    kind = forms.ChoiceField(label=_("数据项"), choices=FigureKind.choices)
    area_code = forms.CharField(label=_("地区（行政区划代码）"), max_length=6)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("数值"), max_digits=16, decimal_places=2, min_value=0)
    source = forms.ChoiceField(label=_("来源"), choices=FigureSource.choices)
    note = forms.CharField(label=_("说明"), max_length=255, required=False)
