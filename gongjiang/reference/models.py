"""Reference data: occupations (职业分类大典 2022), administrative divisions (GB/T 2260),
industries (GB/T 4754-2017). The skill ladder is a fixed enumeration in `grades.py`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Occupation(models.Model):
    """A node of the national occupational classification: 大类 (1), 中类 (2), 小类 (3), 职业 (4).

    Codes are hierarchical (6-31-01-03 lies under 6-31-01, 6-31 and 6), so a subtree is the node
    plus every code starting with its code and a dash (`selectors.occupation_subtree_codes`).
    """

    class Level(models.IntegerChoices):
        MAJOR = 1, _("大类")
        MIDDLE = 2, _("中类")
        MINOR = 3, _("小类")
        OCCUPATION = 4, _("职业")

    code = models.CharField(_("代码"), max_length=16, unique=True)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    name = models.CharField(_("名称"), max_length=128)
    gbm = models.CharField(_("GB/T 6565 代码"), max_length=16, blank=True)
    # Trade (工种) and colloquial names people search by, e.g. 数控车工 for 6-18-01-01 车工.
    # Not part of the official catalogue: loading the catalogue leaves them alone.
    aliases = models.CharField(_("工种及俗称"), max_length=255, blank=True,
                               help_text=_("以顿号（、）分隔，例如：数控车工、普通车工"))
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"occupation_level_1_to_4": "level"}

    class Meta:
        ordering = ["code"]
        verbose_name = _("职业")
        verbose_name_plural = _("职业分类")
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="occupation_level_1_to_4",
                                   violation_error_code="occupation_level_1_to_4", violation_error_message=_("职业分类的层级应为 1 到 4（大类、中类、小类、职业）")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Division(models.Model):
    """An administrative division (GB/T 2260). Retired codes are kept, because old resident ID
    numbers carry them: `retired_on` is set and `successor` names the code that replaced it."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省级")
        PREFECTURE = 2, _("地级")
        COUNTY = 3, _("县级")

    code = models.CharField(_("代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    retired_on = models.DateField(_("撤销日期"), null=True, blank=True)
    successor = models.ForeignKey("self", verbose_name=_("承继代码"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="predecessors")
    neighbours = models.ManyToManyField("self", verbose_name=_("相邻区划"), blank=True, symmetrical=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"division_level_1_to_3": "level"}

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=3), name="division_level_1_to_3",
                                   violation_error_code="division_level_1_to_3", violation_error_message=_("行政区划的层级应为 1 到 3（省、市、县）")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_current(self) -> bool:
        return self.retired_on is None


class Industry(models.Model):
    """GB/T 4754-2017: 门类 (section, a letter) and 大类 (division, two digits)."""

    class Level(models.IntegerChoices):
        SECTION = 1, _("门类")
        DIVISION = 2, _("大类")

    code = models.CharField(_("代码"), max_length=4, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name=_("门类"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"industry_level_1_to_2": "level"}

    class Meta:
        ordering = ["code"]
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业分类")
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=2), name="industry_level_1_to_2",
                                   violation_error_code="industry_level_1_to_2", violation_error_message=_("行业分类的层级应为 1 或 2（门类、大类）")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
