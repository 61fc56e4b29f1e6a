"""The shortage occupation catalogue (急需紧缺职业(工种)目录, R2.2, `001` (二)).

A catalogue edition belongs to an area (a division: province, city or district) and a year and
lists occupations, each optionally from a minimum skill grade. Subsidies that depend on the
catalogue (`003` 二(三)4 post subsidy, `001` (二) skill-upgrade uplift) read it through
`selectors.shortage_occupation_codes`."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongjiang.reference.grades import Grade


class ShortageCatalogue(models.Model):
    area = models.ForeignKey("reference.Division", verbose_name=_("发布地区"), on_delete=models.PROTECT,
                             related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("目录名称"), max_length=200)
    source = models.CharField(_("来源（文号或出处）"), max_length=255,
                              help_text=_("例如：舟人社〔2025〕X号；演示数据请注明“演示数据”"))
    is_demo = models.BooleanField(_("演示数据"), default=False)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"shortage_catalogue_one_per_area_year": "year", "shortage_catalogue_valid_to_not_before_from": "valid_to"}

    class Meta:
        ordering = ["-year", "area__code"]
        verbose_name = _("急需紧缺职业（工种）目录")
        verbose_name_plural = _("急需紧缺职业（工种）目录")
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="shortage_catalogue_one_per_area_year",
                                    violation_error_code="shortage_catalogue_one_per_area_year", violation_error_message=_("该地区这一年度已有紧缺职业目录")),
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

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"shortage_occupation_once_per_catalogue": "occupation"}

    class Meta:
        ordering = ["catalogue", "occupation__code"]
        verbose_name = _("紧缺职业（工种）")
        verbose_name_plural = _("紧缺职业（工种）")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "occupation"],
                                    name="shortage_occupation_once_per_catalogue",
                                    violation_error_code="shortage_occupation_once_per_catalogue", violation_error_message=_("该职业已在本目录中")),
        ]

    def __str__(self) -> str:
        return str(self.occupation)
