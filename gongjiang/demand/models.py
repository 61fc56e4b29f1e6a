"""Enterprise demand and the shortage occupation catalogue (R2.1, R2.2; `001` (二)–(三); ADR 0023).

- `DemandFiling`: an enterprise's need for workers of one occupation and grade in a month, with how
  hard it has been to fill (vacancies advertised, applicants, suitable applicants, weeks open,
  filled or not) — the employer-survey figures Australia's Occupation Shortage List rates from.
  Revisions and withdrawal keep the history (`DemandFilingRevision`).
- `JobSeekerCount`: registered job seekers by occupation, grade, district and month, imported from
  the employment service (aggregates, no personal data).
- `IndicatorWeight`: the weight of each shortage indicator in the catalogue score, as data with its
  source (like a policy parameter), editable by the bureau.
- `ShortageCatalogue`: an edition of the catalogue for an area and year — a computed *draft*, or
  *published* with validity dates; the post subsidy (`003` 二(三)4) reads published editions in force
  through `selectors.shortage_occupation_codes`. `ShortageOccupation` is one entry, with its rank,
  score, driver and reason; `CatalogueReviewNote` an expert's note on the draft or on an entry.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongjiang.reference.grades import Grade


class CatalogueStatus(models.TextChoices):
    DRAFT = "draft", _("草案")
    PUBLISHED = "published", _("已发布")


class Driver(models.TextChoices):
    """Why an occupation is short (the Australian list names a driver for each)."""

    TRAINING = "training", _("培训缺口：持证人员不足")
    SUITABILITY = "suitability", _("适配缺口：应聘者多但符合要求的少")
    RETENTION = "retention", _("留用与薪酬缺口：岗位长期招不满")
    AGEING = "ageing", _("老龄化：临近退休人员占比高")
    DEMAND = "demand", _("需求面广：多家企业、多个区县同时需要")


class ShortageCatalogue(models.Model):
    area = models.ForeignKey("reference.Division", verbose_name=_("发布地区"), on_delete=models.PROTECT,
                             related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    edition = models.PositiveSmallIntegerField(_("版次"), default=1)
    status = models.CharField(_("状态"), max_length=16, choices=CatalogueStatus.choices,
                              default=CatalogueStatus.PUBLISHED)
    title = models.CharField(_("目录名称"), max_length=200)
    source = models.CharField(_("来源（文号或出处）"), max_length=255,
                              help_text=_("例如：舟人社〔2025〕X号；演示数据请注明“演示数据”"))
    is_demo = models.BooleanField(_("演示数据"), default=False)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)
    # How a computed edition was made (weights, reference period, data up to) — reproducible.
    method = models.JSONField(_("编制方法"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"shortage_catalogue_one_per_edition": "edition", "shortage_catalogue_valid_to_not_before_from": "valid_to"}

    class Meta:
        ordering = ["-year", "area__code", "-edition"]
        verbose_name = _("急需紧缺职业（工种）目录")
        verbose_name_plural = _("急需紧缺职业（工种）目录")
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "edition"], name="shortage_catalogue_one_per_edition",
                                    violation_error_code="shortage_catalogue_one_per_edition",
                                    violation_error_message=_("该地区这一年度的这一版紧缺职业目录已存在")),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                                   name="shortage_catalogue_valid_to_not_before_from",
                                   violation_error_code="shortage_catalogue_valid_to_not_before_from", violation_error_message=_("有效期截止日期不能早于开始日期")),
        ]

    def __str__(self) -> str:
        return self.title


class ShortageOccupation(models.Model):
    catalogue = models.ForeignKey(ShortageCatalogue, verbose_name=_("目录"), on_delete=models.CASCADE,
                                  related_name="entries")
    # No database constraint and DO_NOTHING: a catalogue is a published document and must not block
    # (nor be counted in) a reload of the occupational classification; an entry whose occupation
    # disappeared is ignored by the selectors, which join on the occupation.
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), on_delete=models.DO_NOTHING,
                                   db_constraint=False, related_name="+")
    min_grade = models.PositiveSmallIntegerField(_("最低等级"), choices=Grade.choices, null=True, blank=True,
                                                 help_text=_("留空表示不限等级"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    previous_rank = models.PositiveIntegerField(_("上一版排名"), null=True, blank=True)
    in_previous = models.BooleanField(_("上一版已列入"), default=False)
    score = models.DecimalField(_("紧缺指数"), max_digits=9, decimal_places=4, null=True, blank=True)
    driver = models.CharField(_("紧缺原因类型"), max_length=16, choices=Driver.choices, blank=True)
    reason = models.CharField(_("列入理由"), max_length=500, blank=True)
    indicators = models.JSONField(_("指标值"), default=dict, blank=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"shortage_occupation_once_per_catalogue": "occupation"}

    class Meta:
        ordering = ["catalogue", "rank", "occupation__code"]
        verbose_name = _("紧缺职业（工种）")
        verbose_name_plural = _("紧缺职业（工种）")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "occupation"],
                                    name="shortage_occupation_once_per_catalogue",
                                    violation_error_code="shortage_occupation_once_per_catalogue", violation_error_message=_("该职业已在本目录中")),
        ]

    def __str__(self) -> str:
        return str(self.occupation)


class CatalogueReviewNote(models.Model):
    catalogue = models.ForeignKey(ShortageCatalogue, verbose_name=_("目录"), on_delete=models.CASCADE,
                                  related_name="notes")
    entry = models.ForeignKey(ShortageOccupation, verbose_name=_("条目"), null=True, blank=True,
                              on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评审人"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.CharField(_("评审意见"), max_length=1000)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["catalogue", "created_at", "pk"]
        verbose_name = _("专家评审意见")
        verbose_name_plural = _("专家评审意见")

    def __str__(self) -> str:
        return self.text[:40]


class FilingStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    WITHDRAWN = "withdrawn", _("已撤回")


class DemandFiling(models.Model):

    CONSTRAINT_FIELDS = {"demand_filing_once_per_month": "occupation", "demand_filing_headcount_positive": "headcount", "demand_filing_suitable_within_applicants": "suitable_applicants"}
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("填报单位"), on_delete=models.PROTECT,
                                   related_name="demand_filings")
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), on_delete=models.PROTECT,
                                   related_name="+")
    grade = models.PositiveSmallIntegerField(_("技能等级"), choices=Grade.choices)
    period = models.DateField(_("需求月份"), help_text=_("该月1日"))
    headcount = models.PositiveIntegerField(_("需求人数"))
    wage_offered = models.DecimalField(_("拟提供月工资（元）"), max_digits=10, decimal_places=2)
    needed_by = models.DateField(_("希望到岗日期"))
    vacancies_advertised = models.PositiveIntegerField(_("已发布招聘岗位数"), default=0)
    applicants = models.PositiveIntegerField(_("应聘人数"), default=0)
    suitable_applicants = models.PositiveIntegerField(_("符合要求的应聘人数"), default=0)
    weeks_open = models.PositiveIntegerField(_("岗位空缺周数"), default=0)
    filled = models.BooleanField(_("已招满"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=FilingStatus.choices, default=FilingStatus.ACTIVE)
    revision = models.PositiveIntegerField(_("修订次数"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-period", "enterprise_id", "occupation__code", "grade"]
        verbose_name = _("用工需求填报")
        verbose_name_plural = _("用工需求填报")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "occupation", "grade", "period"],
                                    condition=Q(status="active"), name="demand_filing_once_per_month",
                violation_error_code="demand_filing_once_per_month", violation_error_message=_("本单位这一月份已填报过这一职业和等级的需求，请修改原填报")),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="demand_filing_headcount_positive",
                violation_error_code="demand_filing_headcount_positive", violation_error_message=_("需求人数至少为 1")),
            models.CheckConstraint(condition=Q(suitable_applicants__lte=F("applicants")),
                                   name="demand_filing_suitable_within_applicants",
                violation_error_code="demand_filing_suitable_within_applicants", violation_error_message=_("合适的应聘人数不能多于应聘人数")),
        ]
        indexes = [models.Index(fields=["period", "occupation"], name="demand_filing_period_occ")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.occupation} {self.period:%Y-%m}"


class DemandFilingRevision(models.Model):
    class Action(models.TextChoices):
        FILED = "filed", _("填报")
        REVISED = "revised", _("修改")
        WITHDRAWN = "withdrawn", _("撤回")

    filing = models.ForeignKey(DemandFiling, verbose_name=_("填报"), on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    values = models.JSONField(_("填报内容"), default=dict)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True,
                              on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("说明"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["filing", "at", "pk"]
        verbose_name = _("填报记录")
        verbose_name_plural = _("填报记录")

    def __str__(self) -> str:
        return f"{self.filing_id} {self.action}"


class JobSeekerCount(models.Model):
    """Registered job seekers (求职登记人数) from the employment service, by occupation, grade,
    district and month."""

    CONSTRAINT_FIELDS = {"job_seeker_count_once": "occupation"}

    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("职业（工种）"), on_delete=models.PROTECT,
                                   related_name="+")
    grade = models.PositiveSmallIntegerField(_("技能等级"), choices=Grade.choices)
    district = models.ForeignKey("reference.Division", verbose_name=_("区县"), on_delete=models.PROTECT,
                                 related_name="+")
    period = models.DateField(_("月份"))
    seekers = models.PositiveIntegerField(_("求职人数"))

    class Meta:
        verbose_name = _("求职登记人数")
        verbose_name_plural = _("求职登记人数")
        constraints = [models.UniqueConstraint(fields=["occupation", "grade", "district", "period"],
                                               name="job_seeker_count_once",
                violation_error_code="job_seeker_count_once", violation_error_message=_("这一职业、等级、区县和月份的求职人数已导入，请勿重复"))]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.period:%Y-%m} {self.seekers}"


class IndicatorWeight(models.Model):
    """One indicator's weight in the shortage score, with its source (ADR 0023)."""

    CONSTRAINT_FIELDS = {"indicator_weight_between_0_and_1": "weight"}

    key = models.CharField(_("指标"), max_length=32, unique=True)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=3)
    source = models.CharField(_("依据"), max_length=300)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("紧缺指标权重")
        verbose_name_plural = _("紧缺指标权重")
        constraints = [models.CheckConstraint(condition=Q(weight__gte=0) & Q(weight__lte=1),
                                              name="indicator_weight_between_0_and_1",
                violation_error_code="indicator_weight_between_0_and_1", violation_error_message=_("权重应在 0 到 1 之间"))]

    def __str__(self) -> str:
        return self.key


class ForecastStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("计算中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ForecastRun(models.Model):
    """One computation of the supply–demand forecast of an area (R2.3), done by a background job
    (ADR 0023: the fits take tens of seconds); the page shows the latest finished run with its
    backtests, and says when the filings have changed since."""

    area = models.ForeignKey("reference.Division", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=ForecastStatus.choices, default=ForecastStatus.QUEUED)
    top = models.PositiveSmallIntegerField(_("预测职业数"), default=8)
    data_stamp = models.CharField(_("数据版本"), max_length=64, blank=True,
                                  help_text=_("请求时填报数据的条数和最后修改时间"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("请求人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("请求时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)
    result = models.JSONField(_("预测结果"), default=dict, blank=True)
    error = models.CharField(_("错误信息"), max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("供需预测计算")
        verbose_name_plural = _("供需预测计算")
        indexes = [models.Index(fields=["area", "status"], name="demand_forecast_area_status")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.requested_at:%Y-%m-%d %H:%M} {self.status}"
