"""Writes of the ingest domain: import jobs (issue 3 §4, §5).

`import_job_create` records an uploaded file (who, when, SHA-256, size) as an `ImportJob`;
`import_job_run` imports it (in the request for small files, in a background task for large
ones, or from the `gongjiang import` command) and records the counts and the report."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.core import crypto
from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.core.uploads import TooLarge, limit, size_check, xlsx_inspect
from gongjiang.ingest.engine import ImportOutcome, import_file
from gongjiang.ingest.kinds import ImportKind, kind_get
from gongjiang.ingest.models import ImportJob, ImportStatus
from gongjiang.ingest.readers import UnreadableFile

CHUNK = 1024 * 1024


def import_kind_for(*, actor: Any, name: str) -> ImportKind:
    """The import kind `name` if the actor may import it; refuses unknown kinds and roles.
    `actor` None is a system import (the `gongjiang import` command without --user)."""
    kind = kind_get(name)
    if kind is None:
        raise DomainError(_("没有名为“%(n)s”的导入类别。") % {"n": name}, field="kind")
    if actor is not None and not kind.permission(actor):
        raise PermissionDenied(_("您的角色不能导入%(label)s。") % {"label": kind.label})
    return kind


def file_checksum(handle: BinaryIO) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    return digest.hexdigest(), size


@transaction.atomic
def import_job_create(*, actor: Any, kind_name: str, upload: Any, name: str, dry_run: bool = False) -> ImportJob:
    """Store the uploaded file and record it as a queued import job. Refuses kinds the actor may
    not import, files over the kind's size limit and workbooks that inflate too far or hold too
    many rows (issue 18 §2: checked on the zip directory, before any workbook library opens it)."""
    kind = import_kind_for(actor=actor, name=kind_name)
    checksum, size = file_checksum(upload)
    if size == 0:
        raise DomainError(_("文件是空的。") + _("请确认上传的是填好数据的文件。"), field="file")
    try:
        size_check(size, kind.max_mb or limit("import_mb"))
        if upload.read(4).startswith(b"PK\x03\x04"):
            upload.seek(0)
            xlsx_inspect(upload)
    except TooLarge as exc:
        raise DomainError(exc.message + exc.hint, field="file") from exc
    finally:
        upload.seek(0)
    job = ImportJob(kind=kind.name, actor=actor,
                    original_name=Path(name).name[:255], checksum=checksum, size=size, dry_run=dry_run)
    job.source.save(f"{checksum[:16]}{Path(name).suffix.lower()[:8]}", File(upload), save=False)
    job.save()
    return job


def import_job_previous(job: ImportJob) -> ImportJob | None:
    """An earlier completed import of the same file (same SHA-256) and kind, to tell the clerk."""
    return ImportJob.objects.filter(kind=job.kind, checksum=job.checksum, status=ImportStatus.DONE,
                                    dry_run=False).exclude(pk=job.pk).order_by("-finished_at").first()


def _estimate_rows(path: Path) -> int:
    """Lines in the file, for the progress bar: newlines of a CSV; for .xlsx the data sheet's
    recorded dimension (no rows parsed); 0 (a bar without percentage) for .xls or when unknown."""
    with open(path, "rb") as handle:
        head = handle.read(4)
        if head.startswith(b"PK"):
            return _xlsx_rows_estimate(path)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            return 0
        handle.seek(0)
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(CHUNK), b""))


def _xlsx_rows_estimate(path: Path) -> int:
    """The largest row count a sheet records (the zip directory and 64 KB of each sheet only)."""
    try:
        return xlsx_inspect(path).rows or 0
    except TooLarge:  # refused by the import itself, with the reason on the job
        return 0


def import_job_run(*, job: ImportJob, report_dir: Path | None = None) -> ImportOutcome | None:
    """Import the job's file as the job's actor; record status, counts and the report of rejected
    rows on the job, and one audit event. Returns None when the file could not be read (the
    reason is in `job.message`)."""
    kind = kind_get(job.kind)
    actor = job.actor
    if kind is None or (actor is not None and not kind.permission(actor)):
        job.status, job.message, job.finished_at = ImportStatus.FAILED, _("导入类别不存在，或导入人无权导入。"), timezone.now()
        job.save()
        return None
    if crypto.rotation_in_progress():
        # While two data keys are configured, rows not yet re-hashed carry the previous key's
        # look-up hash, which the import's duplicate check and unique index cannot match: imports
        # wait for the rotation to finish (issue 18 §3, ADR 0013).
        job.status, job.finished_at = ImportStatus.FAILED, timezone.now()
        job.message = _("系统正在更换个人信息加密密钥，暂停导入。请在系统管理员完成密钥更换后重新导入同一文件。")
        job.save()
        return None
    job.status, job.started_at = ImportStatus.RUNNING, timezone.now()
    source = Path(job.source.path)
    job.rows_total = _estimate_rows(source)
    job.save(update_fields=["status", "started_at", "rows_total"])

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done)

    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "report.xlsx"
        try:
            outcome = import_file(kind=kind, path=source, actor=actor, name=job.original_name, dry_run=job.dry_run,
                                  report_path=report_path, job=job, progress=progress)
        except UnreadableFile as exc:
            job.status, job.message, job.finished_at = ImportStatus.FAILED, str(exc), timezone.now()
            job.save()
            return None
        except Exception:
            # A crash mid-file: the batches written so far stay (ADR 0007); say so and re-raise.
            job.status, job.finished_at = ImportStatus.FAILED, timezone.now()
            job.message = _("导入中断，已写入的批次保留。请重新导入同一文件：已写入的行会显示为“无变化”，其余的行会补上。")
            job.save()
            raise
        if outcome.report_path is not None:
            with open(outcome.report_path, "rb") as handle:
                job.report.save(f"report-{job.pk}.xlsx", File(handle), save=False)
            if report_dir is not None:
                shutil.copy(outcome.report_path, report_dir)
    job.status, job.finished_at = ImportStatus.DONE, timezone.now()
    job.rows_total = job.rows_done = outcome.rows
    job.created_count, job.updated_count = outcome.created, outcome.updated
    job.unchanged_count, job.rejected_count = outcome.unchanged, outcome.rejected
    job.ignored_columns = outcome.ignored_columns
    job.message = _("试导入：数据未写入。") if job.dry_run else ""
    job.save()
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type=f"import:{kind.name}", object_id=job.pk,
                 summary=f"导入{kind.label} {job.original_name}：{outcome.accepted} 行通过，{outcome.rejected} 行未通过",
                 detail={"checksum": job.checksum, "rows": outcome.rows, "created": outcome.created,
                         "updated": outcome.updated, "unchanged": outcome.unchanged, "rejected": outcome.rejected,
                         "dry_run": job.dry_run})
    return outcome


def report_preview(job: ImportJob, limit: int = 50) -> list[list[str]]:
    """The first `limit` rows of the job's report (header first), for the result page. ID numbers
    are masked here (the full values are in the downloaded report, whose download is audited)."""
    if not job.report:
        return []
    import openpyxl

    from gongjiang.core.masking import mask_id_number, mask_phone

    kind = kind_get(job.kind)
    # Personal numbers are masked by what the column holds: ID and social security card numbers
    # like an ID, phone numbers like a phone (issue 10 §19: the phone was shown in full).
    maskers = {}
    for column in kind.columns if kind else ():
        if column.kind == "id_number" or column.key == "ss_card":
            maskers[str(column.header)] = mask_id_number
        elif column.kind == "phone":
            maskers[str(column.header)] = mask_phone
    workbook = openpyxl.load_workbook(job.report.path, read_only=True)
    try:
        rows: list[list[str]] = []
        masked: dict[int, Any] = {}
        for cells in workbook.worksheets[0].iter_rows(values_only=True, max_row=limit + 1):
            texts = ["" if cell is None else str(cell) for cell in cells]
            if not rows:
                masked = {i: maskers[header] for i, header in enumerate(texts) if header in maskers}
            else:
                shown = [masked[i](t) if i in masked and t else t for i, t in enumerate(texts)]
                # The reason quotes the value it refuses: mask it there too.
                for i in masked:
                    if i < len(texts) and texts[i]:
                        shown[-1] = shown[-1].replace(texts[i], shown[i])
                texts = shown
            rows.append(texts)
        return rows
    finally:
        workbook.close()
