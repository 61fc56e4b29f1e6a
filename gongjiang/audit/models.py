"""The audit log (issue 2 §7, R9.1): every read of unmasked personal data and every export.

Append-only: the database itself refuses UPDATE and DELETE (triggers in migration 0002), and the
admin offers no change or delete."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW_PERSONAL = "view_personal", _("查看个人敏感信息")
    EXPORT = "export", _("导出")
    SEARCH = "search", _("检索")
    CHANGE = "change", _("修改")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    actor_username = models.CharField(_("用户名"), max_length=150, blank=True)
    actor_role = models.CharField(_("角色"), max_length=32, blank=True)
    action = models.CharField(_("操作"), max_length=32, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    summary = models.CharField(_("摘要"), max_length=255, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计日志")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.get_action_display()} {self.object_type}#{self.object_id}"
