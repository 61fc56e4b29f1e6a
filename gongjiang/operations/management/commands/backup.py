"""`gongjiang backup OUT`: database, uploaded files and income snapshots in one archive with a
manifest (issue 18 §3; docs/operations/backup-and-keys.md). Exit codes: 0 written, 2 bad input."""

from pathlib import Path

from django.core.management.base import BaseCommand

from gongjiang.operations.services.backup import BackupInputError, backup_create, size_words


class Command(BaseCommand):
    help = "备份数据库、上传文件和收入快照到一个备份文件（含行数和校验值清单）"

    def add_arguments(self, parser):
        parser.add_argument("out", help="备份文件路径（如 /backup/gongjiang-2025-06-30.tar），不能已存在")
        parser.add_argument("--quiet", action="store_true", help="只输出结果")

    def handle(self, *args, **options):
        say = (lambda _m: None) if options["quiet"] else self.stdout.write
        try:
            manifest = backup_create(out=Path(options["out"]), say=say)
        except BackupInputError as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from exc
        totals = manifest["totals"]
        self.stdout.write(
            f"备份完成：{options['out']}（{size_words(manifest['archive_bytes'])}），用时 {manifest['seconds']} 秒。"
            f"数据库 {totals['tables']} 张表、{totals['rows']} 行；文件 {totals['files']} 个"
            f"（{size_words(totals['file_bytes'])}）。清单中记有每张表的行数和校验值。")
