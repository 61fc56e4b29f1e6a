from django import forms
from django.utils.translation import gettext_lazy as _

from gongjiang.competitions.models import Award, CompetitionLevel, ReviewOutcome
from gongjiang.reference.grades import Grade

DATE = forms.DateInput(attrs={"type": "date"})
GRADE_CHOICES = [("", _("不限"))] + [(str(v), label) for v, label in Grade.choices]


class CompetitionForm(forms.Form):
    name = forms.CharField(label=_("竞赛名称"), max_length=200)
    level = forms.ChoiceField(label=_("竞赛级别"), choices=CompetitionLevel.choices)
    occupation_code = forms.CharField(label=_("竞赛工种（职业编码）"), max_length=20, required=False,
                                      help_text=_("例如 6-18-02-04；以赛代评晋升等级须填写"))
    organiser_name = forms.CharField(label=_("组织单位"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("比赛开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("比赛结束日期"), widget=DATE)
    entry_deadline = forms.DateField(label=_("报名截止日期"), widget=DATE)
    venue = forms.CharField(label=_("比赛地点"), max_length=200, required=False)
    places = forms.IntegerField(label=_("报名名额"), min_value=1)
    team_size = forms.IntegerField(label=_("每队人数（1 为个人赛）"), min_value=1, initial=1)
    min_age = forms.IntegerField(label=_("最低年龄"), min_value=14, max_value=80, required=False)
    max_age = forms.IntegerField(label=_("最高年龄"), min_value=14, max_value=80, required=False)
    min_grade = forms.TypedChoiceField(label=_("最低等级要求"), choices=GRADE_CHOICES, coerce=int, empty_value=None,
                                       required=False)
    rules = forms.CharField(label=_("竞赛规则"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class EntryForm(forms.Form):
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    name = forms.CharField(label=_("姓名"), max_length=64)
    team_name = forms.CharField(label=_("队名（团体赛）"), max_length=100, required=False)


class ResultForm(forms.Form):
    id_number = forms.CharField(label=_("选手身份证号"), max_length=18)
    rank = forms.IntegerField(label=_("名次"), min_value=1)
    award = forms.ChoiceField(label=_("奖项"), choices=Award.choices)
    score = forms.DecimalField(label=_("成绩（分）"), max_digits=7, decimal_places=2, required=False)


class NominationForm(forms.Form):
    id_number = forms.CharField(label=_("推荐对象身份证号（个人荣誉、工作室领办人）"), max_length=18, required=False)
    name = forms.CharField(label=_("推荐对象姓名"), max_length=64, required=False)
    studio_name = forms.CharField(label=_("工作室名称"), max_length=200, required=False)
    community_name = forms.CharField(label=_("乡村（社区）名称（技能型乡村认定）"), max_length=200, required=False)
    enterprise_uscc = forms.CharField(label=_("申报企业统一社会信用代码（企业认定）"), max_length=18, required=False,
                                      help_text=_("企业人事账号无需填写，默认本单位"))
    reason = forms.CharField(label=_("推荐理由"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("证明材料（名称、编号或说明）"), widget=forms.Textarea(attrs={"rows": 2}),
                               required=False)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), max_length=255, required=False)


class StudioMemberForm(forms.Form):
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    name = forms.CharField(label=_("姓名"), max_length=64)
    role = forms.ChoiceField(label=_("身份"), choices=[("member", _("成员")), ("apprentice", _("徒弟"))])
    joined_on = forms.DateField(label=_("加入日期"), widget=DATE)


class ObjectionForm(forms.Form):
    """An objection to results in their notice (the public page)."""

    result = forms.TypedChoiceField(label=_("所涉成绩"), coerce=int, empty_value=None, required=False)
    lodger_name = forms.CharField(label=_("您的姓名"), max_length=64, required=False)
    lodger_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False,
                                   help_text=_("仅供组织单位核实和答复，不公开"))
    reason = forms.CharField(label=_("异议内容和理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [("", _("整份成绩名单"))] + [
            (r["id"], f"第{r['rank']}名 {r['name']} {r['award']}") for r in results]


class ObjectionHandleForm(forms.Form):
    objection_id = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.TypedChoiceField(label=_("更正哪一项成绩"), coerce=int, empty_value=None, required=False)
    decision = forms.ChoiceField(label=_("处理结果"), choices=[("uphold", _("异议成立，更正成绩")),
                                                                ("dismiss", _("异议不成立"))])
    rank = forms.IntegerField(label=_("更正后的名次"), min_value=1, required=False)
    award = forms.ChoiceField(label=_("更正后的奖项"), choices=[("", _("不变")), *Award.choices], required=False)
    note = forms.CharField(label=_("处理意见（告知提出人）"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [("", "—")] + [
            (r.pk, f"第{r.rank}名 {r.entry.worker.name} {r.get_award_display()}") for r in results]


class StudioReviewForm(forms.Form):
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=2100)
    activities = forms.CharField(label=_("年度工作情况（技术攻关、培训、带徒传艺）"),
                                 widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("考核结果"), choices=ReviewOutcome.choices)
    note = forms.CharField(label=_("考核意见"), max_length=255, required=False)
