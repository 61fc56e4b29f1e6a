"""Targets and indicators (R8.1–R8.3; issue 16; ADR 0025).

A `Target` is the policy text's own figure as data: which indicator, for which area (a division
code) or enterprise, by the end of which year, the value and its unit, and the document and clause
that set it. `AreaFigure` holds the few figures our records cannot compute and the bureau enters
(the number of employed people of a district, the skill-based villages designated). The
indicators themselves are computed from the domains' records (`indicators.queries`); the page
reads them from `IndicatorSnapshot`, refreshed by a background job (ADR 0025 §Speed)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Comparison(models.TextChoices):
    AT_LEAST = "gte", _("达到（不低于）")
    ABOVE = "gt", _("超过")


class Path(models.TextChoices):
    """How far along the year a target should be on a given day (the gap on the home page)."""

    LINEAR = "linear", _("按时间均匀推进")
    YEAR_END = "year_end", _("年底一次考核")


class Target(models.Model):
    indicator = models.CharField(_("指标"), max_length=48)
    area = models.ForeignKey("reference.Division", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text=_("目标属于某家企业时填写（企业的技能人才目标）"))
    # A target of one 乡镇/街道 of the district `area` (issue 16; ADR 0025 amendment): the township's
    # code as the registry's enterprises carry it; blank for the district's own target.
    township_code = models.CharField(_("乡镇（街道）代码"), max_length=9, blank=True,
                                     help_text=_("目标属于区内某个乡镇（街道）时填写，9 位代码"))
    township_name = models.CharField(_("乡镇（街道）"), max_length=64, blank=True)
    year = models.PositiveSmallIntegerField(_("目标年度"), help_text=_("到该年年底应达到的目标"))
    from_year = models.PositiveSmallIntegerField(_("累计起始年度"), null=True, blank=True,
                                                 help_text=_("人次、证书、金额等按年累计的指标跨年累计时填写，例如 2018—2020 年累计"))
    value = models.DecimalField(_("目标值"), max_digits=16, decimal_places=4)
    comparison = models.CharField(_("比较方式"), max_length=4, choices=Comparison.choices, default=Comparison.AT_LEAST)
    path = models.CharField(_("进度要求"), max_length=16, choices=Path.choices, default=Path.LINEAR)
    document = models.CharField(_("文件文号"), max_length=64)
    clause = models.CharField(_("条款"), max_length=64)
    wording = models.CharField(_("原文表述"), max_length=255, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    CONSTRAINT_FIELDS = {"target_unique": "year", "target_unique_enterprise": "enterprise",
                         "target_unique_township": "township_code",
                         "target_value_not_negative": "value",
                         "target_from_year_not_after_year": "from_year"}

    class Meta:
        ordering = ["area__code", "indicator", "year"]
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "year"],
                                    condition=Q(enterprise__isnull=True, township_code=""),
                                    name="target_unique", violation_error_code="target_unique",
                                    violation_error_message=_("该地区该年度的这项指标已有目标，请修改原目标")),
            models.UniqueConstraint(fields=["indicator", "township_code", "year"],
                                    condition=Q(enterprise__isnull=True) & ~Q(township_code=""),
                                    name="target_unique_township", violation_error_code="target_unique_township",
                                    violation_error_message=_("该乡镇（街道）该年度的这项指标已有目标，请修改原目标")),
            models.UniqueConstraint(fields=["indicator", "enterprise", "year"], condition=Q(enterprise__isnull=False),
                                    name="target_unique_enterprise", violation_error_code="target_unique_enterprise",
                                    violation_error_message=_("该企业该年度的这项指标已有目标，请修改原目标")),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative",
                                   violation_error_code="target_value_not_negative",
                                   violation_error_message=_("目标值不能为负数")),
            models.CheckConstraint(condition=Q(from_year__isnull=True) | Q(from_year__lte=models.F("year")),
                                   name="target_from_year_not_after_year",
                                   violation_error_code="target_from_year_not_after_year",
                                   violation_error_message=_("累计起始年度不能晚于目标年度")),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} {self.year} {self.indicator}"

    @property
    def unit_name(self) -> str:
        """The unit the target belongs to, in words: the enterprise, the 乡镇/街道 or the area."""
        if self.enterprise_id:
            return self.enterprise.name
        if self.township_code:
            return f"{self.area.name}{self.township_name}"
        return self.area.name


class FigureKind(models.TextChoices):
    EMPLOYED = "employed", _("从业人员数")
    SKILL_VILLAGES = "skill_villages", _("技能型乡村（社区）数")


class FigureSource(models.TextChoices):
    STATISTICS = "statistics", _("统计公报")
    SOCIAL_INSURANCE = "social_insurance", _("社保参保人数")
    BUREAU = "bureau", _("人社局认定")
    OTHER = "other", _("其他")


class AreaFigure(models.Model):
    """A figure the bureau enters for an area and year (our records do not hold it)."""

    kind = models.CharField(_("数据项"), max_length=24, choices=FigureKind.choices)
    area = models.ForeignKey("reference.Division", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=2)
    source = models.CharField(_("来源"), max_length=24, choices=FigureSource.choices, default=FigureSource.STATISTICS)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    CONSTRAINT_FIELDS = {"area_figure_unique": "year", "area_figure_not_negative": "value"}

    class Meta:
        ordering = ["area__code", "kind", "-year"]
        verbose_name = _("人社局录入数据")
        verbose_name_plural = _("人社局录入数据")
        constraints = [
            models.UniqueConstraint(fields=["kind", "area", "year"], name="area_figure_unique",
                                    violation_error_code="area_figure_unique",
                                    violation_error_message=_("该地区该年度已录入这项数据，请修改原记录")),
            models.CheckConstraint(condition=Q(value__gte=0), name="area_figure_not_negative",
                                   violation_error_code="area_figure_not_negative",
                                   violation_error_message=_("数值不能为负数")),
        ]

    def __str__(self) -> str:
        return f"{self.area.name} {self.year} {self.get_kind_display()}"


class IndicatorSnapshot(models.Model):
    """Every indicator of every area for one reference date, as computed by `snapshot_refresh`
    (one row per date: `values` maps area code → indicator code → value)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    on = models.DateField(_("统计截止日"))
    values = models.JSONField(_("指标值"), default=dict)
    computed_at = models.DateTimeField(_("计算时间"))
    seconds = models.DecimalField(_("计算用时（秒）"), max_digits=8, decimal_places=2, default=0)

    CONSTRAINT_FIELDS = {"indicator_snapshot_unique": "on"}

    class Meta:
        ordering = ["-computed_at"]
        verbose_name = _("指标快照")
        verbose_name_plural = _("指标快照")
        constraints = [models.UniqueConstraint(fields=["on"], name="indicator_snapshot_unique",
                                               violation_error_code="indicator_snapshot_unique",
                                               violation_error_message=_("该统计截止日已有指标快照"))]

    def __str__(self) -> str:
        return f"{self.on}"


class BulletinFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel"


class BulletinStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已生成")
    FAILED = "failed", _("生成失败")


class Bulletin(models.Model):
    """A monthly bulletin (通报) as generated and archived (ADR 0025 §Bulletin): the file is kept in
    the database, so the backup holds it and a past bulletin downloads as it was issued."""

    area = models.ForeignKey("reference.Division", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    file_format = models.CharField(_("格式"), max_length=8, choices=BulletinFormat.choices)
    status = models.CharField(_("状态"), max_length=12, choices=BulletinStatus.choices, default=BulletinStatus.QUEUED)
    on = models.DateField(_("统计截止日"), null=True, blank=True)
    content = models.BinaryField(_("文件"), null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(_("文件大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    seconds = models.DecimalField(_("用时（秒）"), max_digits=8, decimal_places=2, default=0)
    error = models.CharField(_("失败原因"), max_length=500, blank=True)

    CONSTRAINT_FIELDS = {"bulletin_month_valid": "month", "bulletin_done_has_file": "status"}

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="bulletin_month_valid",
                                   violation_error_code="bulletin_month_valid",
                                   violation_error_message=_("月份应为 1—12")),
            models.CheckConstraint(condition=~Q(status="done") | Q(content__isnull=False), name="bulletin_done_has_file",
                                   violation_error_code="bulletin_done_has_file",
                                   violation_error_message=_("已生成的通报必须有文件")),
        ]

    def __str__(self) -> str:
        return f"{self.area.name} {self.year}-{self.month:02d} {self.file_format}"

    @property
    def filename(self) -> str:
        return f"{self.area.name}技能人才工作通报{self.year}年{self.month}月.{self.file_format}"
