# ruff: noqa: N999 - the command is named `import` (issue 3 §5); Django loads it by file name.
"""`gongjiang import <kind> FILE --report OUT.xlsx [--dry-run] [--user NAME]` (issue 3 §5).

Exit codes: 0 every row accepted; 1 some rows rejected (report written); 2 the file could not be
read at all (or the kind or user is unknown). The import is recorded as an ImportJob like an
upload, with the operator's account (or none, for a system import)."""

import shutil
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand

from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.ingest.kinds import kind_get, kinds_all
from gongjiang.ingest.services import import_job_create, import_job_run


class Command(BaseCommand):
    help = "Import a spreadsheet (.xlsx, .xls, .csv) of one import kind; writes a report of rejected rows."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="import kind: " + ", ".join(k.name for k in kinds_all()))
        parser.add_argument("file")
        parser.add_argument("--report", help="where to write the .xlsx report of rejected rows")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--user", help="import as this account (its scope and permissions apply)")

    def handle(self, *args, kind, file, report=None, dry_run=False, user=None, **options):
        if kind_get(kind) is None:
            self.stderr.write(f"未知的导入类别“{kind}”。可用：{', '.join(k.name for k in kinds_all())}")
            sys.exit(2)
        path = Path(file)
        if not path.is_file():
            self.stderr.write(f"文件不存在：{path}")
            sys.exit(2)
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                self.stderr.write(f"没有用户“{user}”，请核对 --user 的用户名")
                sys.exit(2)
        try:
            with open(path, "rb") as handle:
                job = import_job_create(actor=actor, kind_name=kind, upload=File(handle), name=path.name,
                                        dry_run=dry_run)
        except (DomainError, PermissionDenied) as exc:
            # An empty, oversized or unreadable file, or an account that may not import this kind:
            # the service's own message, and "the file could not be read at all" (issue 10 §22).
            self.stderr.write(getattr(exc, "message", None) or str(exc))
            sys.exit(2)
        outcome = import_job_run(job=job)
        if outcome is None:
            self.stderr.write(f"无法读取文件：{job.message}")
            sys.exit(2)
        self.stdout.write(f"{job.original_name}：{outcome.rows} 行，新增 {outcome.created}，更新 {outcome.updated}，"
                          f"无变化 {outcome.unchanged}，未通过 {outcome.rejected}"
                          + ("（试导入，未写入）" if dry_run else ""))
        if outcome.ignored_columns:
            self.stdout.write("已忽略的列：" + "、".join(outcome.ignored_columns))
        if outcome.rejected:
            if report and job.report:
                shutil.copyfile(job.report.path, report)
                self.stdout.write(f"未通过的行及原因已写入 {report}")
            sys.exit(1)

