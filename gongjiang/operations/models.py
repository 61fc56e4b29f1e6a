"""Records of the operations domain (issue 18 §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyRotation(models.Model):
    """One re-sealing of the personal data under a new data key (`gongjiang keys rotate`), and how
    far it has gone: the last primary key done per table is saved in the same transaction as each
    batch, so an interrupted rotation continues where it stopped. Keys are named by fingerprint
    (`crypto.key_fingerprint`), never stored."""

    new_key_id = models.CharField(_("新密钥指纹"), max_length=16)
    old_key_id = models.CharField(_("旧密钥指纹"), max_length=16)
    cursors = models.JSONField(_("进度（各表已处理到的主键）"), default=dict)
    rows_done = models.BigIntegerField(_("已处理行数"), default=0)
    rows_total = models.BigIntegerField(_("总行数"), default=0)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"key_rotation_pair_unique": "new_key_id"}

    class Meta:
        verbose_name = _("密钥更换")
        verbose_name_plural = _("密钥更换")
        constraints = [models.UniqueConstraint(fields=["new_key_id", "old_key_id"], name="key_rotation_pair_unique",
                                               violation_error_code="key_rotation_pair_unique", violation_error_message=_("这对新旧密钥的轮换已有记录"))]

    def __str__(self) -> str:
        return f"{self.old_key_id} → {self.new_key_id}"
