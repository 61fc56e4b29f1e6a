"""Income records (R7.1): one per worker, month and source. A correction is a later record for the
same worker, month and source; it supersedes the earlier one, which is kept (never overwritten).

The relational table is the system of record and the audit trail of corrections; analysis reads
the yearly columnar snapshot built from the current records (ADR 0010, `store.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongjiang.reference.grades import Grade


class IncomeSource(models.TextChoices):
    # `000` 三(四)3 "大数据+小调查": administrative sources first, a small survey for what they miss.
    PAYROLL = "payroll", _("企业工资表")
    TAX = "tax", _("个人所得税")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险缴费基数")
    SURVEY = "survey", _("抽样调查")


# When a worker's month arrives from several sources, the snapshot takes the first in this order.
SOURCE_PRIORITY = [IncomeSource.PAYROLL, IncomeSource.TAX, IncomeSource.SOCIAL_INSURANCE, IncomeSource.SURVEY]


class IncomeRecord(models.Model):
    worker = models.ForeignKey("registry.Worker", verbose_name=_("人员"), on_delete=models.PROTECT,
                               related_name="income_records")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    source = models.CharField(_("数据来源"), max_length=20, choices=IncomeSource.choices)
    gross_pay = models.DecimalField(_("应发工资（元）"), max_digits=12, decimal_places=2,
                                    help_text=_("含加班工资和奖金"))
    overtime_pay = models.DecimalField(_("其中：加班工资（元）"), max_digits=12, decimal_places=2, null=True,
                                       blank=True)
    bonus = models.DecimalField(_("其中：奖金（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    weight = models.DecimalField(_("调查权数"), max_digits=12, decimal_places=4, default=1,
                                 help_text=_("抽样调查记录的抽样权数；行政记录为1"))
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("发薪单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text=_("调查记录填报的职业；为空时取人才库中的职业"))
    grade = models.PositiveSmallIntegerField(_("技能等级"), choices=Grade.choices, null=True, blank=True)
    superseded_by = models.OneToOneField("self", verbose_name=_("被更正为"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="supersedes")
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"income_one_current_per_source": "month", "income_month_1_to_12": "month", "income_year_range": "year", "income_gross_non_negative": "gross_pay", "income_overtime_within_gross": "overtime_pay", "income_bonus_within_gross": "bonus", "income_weight_positive": "weight", "income_weight_only_survey": "weight"}

    class Meta:
        verbose_name = _("收入记录")
        verbose_name_plural = _("收入记录")
        indexes = [models.Index(fields=["year", "month"], name="income_year_month")]
        constraints = [
            models.UniqueConstraint(fields=["worker", "year", "month", "source"],
                                    condition=Q(superseded_by__isnull=True), name="income_one_current_per_source",
                                    violation_error_code="income_one_current_per_source", violation_error_message=_("该人员这个月份已有同一来源的收入记录；更正时请替换原记录")),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="income_month_1_to_12",
                                   violation_error_code="income_month_1_to_12", violation_error_message=_("月份应为 1 到 12")),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="income_year_range",
                                   violation_error_code="income_year_range", violation_error_message=_("年份应在 2000 到 2100 之间")),
            models.CheckConstraint(condition=Q(gross_pay__gte=0), name="income_gross_non_negative",
                                   violation_error_code="income_gross_non_negative", violation_error_message=_("应发工资不能为负数")),
            models.CheckConstraint(condition=Q(overtime_pay__isnull=True) | Q(overtime_pay__gte=0,
                                                                               overtime_pay__lte=models.F("gross_pay")),
                                   name="income_overtime_within_gross",
                                   violation_error_code="income_overtime_within_gross", violation_error_message=_("加班工资不能为负数，也不能超过应发工资")),
            models.CheckConstraint(condition=Q(bonus__isnull=True) | Q(bonus__gte=0, bonus__lte=models.F("gross_pay")),
                                   name="income_bonus_within_gross",
                                   violation_error_code="income_bonus_within_gross", violation_error_message=_("奖金不能为负数，也不能超过应发工资")),
            models.CheckConstraint(condition=Q(weight__gt=0), name="income_weight_positive",
                                   violation_error_code="income_weight_positive", violation_error_message=_("权重必须大于 0")),
            models.CheckConstraint(condition=Q(source="survey") | Q(weight=1), name="income_weight_only_survey",
                                   violation_error_code="income_weight_only_survey", violation_error_message=_("只有抽样调查的记录可以带权重（其他来源权重为 1）")),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.year}-{self.month:02d} {self.source}"


class IncomeSnapshot(models.Model):
    """A built yearly columnar snapshot: which file, how many worker-years, from which records."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    path = models.CharField(_("文件"), max_length=500)
    rows = models.PositiveIntegerField(_("人数（人·年）"))
    records = models.PositiveIntegerField(_("月度记录数"))
    built_at = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        verbose_name = _("收入年度快照")
        verbose_name_plural = _("收入年度快照")

    def __str__(self) -> str:
        return f"{self.year} ({self.rows})"
