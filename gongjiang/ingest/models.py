"""Import records (issue 3 §4): who imported which file (by checksum), when, with what outcome,
and the report of rejected rows. Listed on /ingest/ and kept as evidence (R9)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("无法读取")


class ImportJob(models.Model):
    kind = models.CharField(_("导入类别"), max_length=64, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="import_jobs")
    source = models.FileField(_("上传文件"), upload_to="ingest/source/%Y/%m/", blank=True)
    original_name = models.CharField(_("文件名"), max_length=255)
    checksum = models.CharField(_("文件校验值（SHA-256）"), max_length=64, db_index=True)
    size = models.BigIntegerField(_("文件大小（字节）"), default=0)
    dry_run = models.BooleanField(_("试导入（不写入）"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(_("数据行数"), default=0)
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    rejected_count = models.PositiveIntegerField(_("未通过"), default=0)
    ignored_columns = models.JSONField(_("忽略的列"), default=list, blank=True)
    message = models.TextField(_("说明"), blank=True)
    report = models.FileField(_("未通过行报告"), upload_to="ingest/report/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    # The form field beside which each constraint's message is shown (core.forms.ConstraintErrorsMixin).
    CONSTRAINT_FIELDS = {"import_job_status_known": "status"}

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["queued", "running", "done", "failed"]),
                                   name="import_job_status_known",
                                   violation_error_code="import_job_status_known", violation_error_message=_("导入任务的状态只能是排队、进行中、完成或失败")),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name}"

    @property
    def kind_label(self) -> str:
        """The kind's Chinese name (技能人才, 就业记录, …), never the code `workers` (issue 10 §19)."""
        from gongjiang.ingest.kinds import kind_get

        kind = kind_get(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def accepted_count(self) -> int:
        return self.created_count + self.updated_count + self.unchanged_count

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.FAILED):
            return 100
        # rows_total is an estimate until the file has been read to the end.
        return min(99, int(100 * self.rows_done / self.rows_total)) if self.rows_total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
