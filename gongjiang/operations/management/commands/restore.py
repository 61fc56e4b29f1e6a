"""`gongjiang restore IN`: restore a backup onto an empty database and check it against its
manifest (issue 18 §3). Exit codes: 0 restored and identical, 1 verification failed, 2 bad input."""

from pathlib import Path

from django.core.management.base import BaseCommand

from gongjiang.operations.services.backup import BackupInputError, BackupVerificationError, backup_restore


class Command(BaseCommand):
    help = "从备份文件恢复到空数据库，并按清单核对每张表的行数和校验值"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="gongjiang backup 生成的备份文件")
        parser.add_argument("--force", action="store_true",
                            help="目标数据库或文件夹已有数据时，先删除现有全部数据再恢复（不可撤销）")
        parser.add_argument("--quiet", action="store_true", help="只输出结果")

    def handle(self, *args, **options):
        say = (lambda _m: None) if options["quiet"] else self.stdout.write
        try:
            report = backup_restore(archive=Path(options["archive"]), force=options["force"], say=say)
        except BackupInputError as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from exc
        except BackupVerificationError as exc:
            self.stderr.write("恢复未通过核对：")
            for problem in exc.problems:
                self.stderr.write(f"  - {problem}")
            raise SystemExit(1) from exc
        totals = report.manifest["totals"]
        if report.problems:
            self.stderr.write(f"恢复完成，但有 {len(report.problems)} 处与备份清单不一致：")
            for problem in report.problems:
                self.stderr.write(f"  - {problem}")
            self.stderr.write("请勿使用这个数据库，换一份备份重新恢复，或联系技术支持。")
            raise SystemExit(1)
        self.stdout.write(
            f"恢复完成并已核对，用时 {report.seconds} 秒：{totals['tables']} 张表共 {totals['rows']} 行，"
            f"行数和内容校验值与备份清单一致；{totals['files']} 个文件校验值一致。"
            f"（备份时间 {report.manifest['created_at']}）")
