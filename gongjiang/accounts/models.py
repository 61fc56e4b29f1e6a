"""Accounts and roles (issue 2 §6). Each user has one role; scope comes from the role plus the
district, enterprise or worker the account is bound to."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", _("人社局管理员")
    BUREAU_STAFF = "bureau_staff", _("人社局工作人员")
    ENTERPRISE_HR = "enterprise_hr", _("企业人事")
    WORKER = "worker", _("劳动者")
    TRAINING_INSTITUTION = "training_institution", _("培训机构")
    EVALUATION_AGENCY = "evaluation_agency", _("评价机构")
    COMPETITION_ORGANISER = "competition_organiser", _("竞赛组织单位")  # issue 14

# Who may do what with each role: gongjiang/accounts/permissions.py (ROLE_SCOPES, ACTIONS).


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.WORKER)
    district = models.ForeignKey(
        "reference.Division", verbose_name=_("所属区县"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("人社局工作人员只能看到本区的数据"),
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("所属企业"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="accounts",
    )
    worker = models.OneToOneField(
        "registry.Worker", verbose_name=_("本人档案"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="account",
    )
    agency = models.ForeignKey(
        "evaluation.Agency", verbose_name=_("所属评价机构"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="accounts", help_text=_("评价机构账号只能办理本机构的评价批次和证书"),
    )
    organisation_name = models.CharField(_("机构名称"), max_length=128, blank=True)
    # training (issue 12): a training-institution account is bound to one institution, as HR is to an enterprise.
    training_institution = models.ForeignKey(
        "training.Institution", verbose_name=_("所属培训机构"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="accounts",
    )
    # end training

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"user_hr_has_enterprise": "enterprise", "user_worker_has_archive": "worker", "user_bureau_staff_has_district": "district"}

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="enterprise_hr") | Q(enterprise__isnull=False),
                name="user_hr_has_enterprise",
                violation_error_code="user_hr_has_enterprise", violation_error_message=_("企业人事账号必须选择所属企业"),
            ),
            models.CheckConstraint(
                condition=~Q(role="worker") | Q(worker__isnull=False) | Q(is_superuser=True),
                name="user_worker_has_archive",
                violation_error_code="user_worker_has_archive", violation_error_message=_("劳动者账号必须关联本人档案"),
            ),
            models.CheckConstraint(
                condition=~Q(role="bureau_staff") | Q(district__isnull=False),
                name="user_bureau_staff_has_district",
                violation_error_code="user_bureau_staff_has_district", violation_error_message=_("人社局工作人员账号必须选择所属区县"),
            ),
        ]
