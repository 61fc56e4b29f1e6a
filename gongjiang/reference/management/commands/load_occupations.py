"""`load_occupations FILE [--replace]`: load the full official occupational classification.

The project ships a curated subset (`reference/data/occupations.csv`); an operator loads the whole
职业分类大典 from the file the bureau holds (docs: "load the official occupation catalogue").
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from gongjiang.reference.importing import occupation_rows_read
from gongjiang.reference.models import Occupation
from gongjiang.reference.services import ReferenceDataError, occupations_load


class Command(BaseCommand):
    help = str(
        _(
            "导入官方职业分类大典：CSV（UTF-8、UTF-8 BOM 或 GBK）或 Excel（.xlsx/.xls），"
            "须有“代码”“名称”两列；按代码新增或更新，层级与上级由代码推出。全部成功才写入。"
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=str(_("职业分类文件的路径")))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=str(_("同时删除文件中没有的职业（仍被其他记录引用时拒绝，且不做任何改动）")),
        )

    def handle(self, *args, file: str, replace: bool = False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(str(_("找不到文件：{path}").format(path=path)))
        try:
            rows = occupation_rows_read(path)
            result = occupations_load(rows, Occupation=Occupation, replace=replace)
        except ReferenceDataError as exc:
            raise CommandError(str(_("导入失败，未做任何改动。{error}").format(error=exc))) from exc
        self.stdout.write(
            self.style.SUCCESS(
                str(
                    _(
                        "职业分类导入完成：文件共 {total} 条，新增 {created} 条，更新 {updated} 条，"
                        "未变 {unchanged} 条，删除 {deleted} 条。"
                    ).format(
                        total=result.total,
                        created=result.created,
                        updated=result.updated,
                        unchanged=result.unchanged,
                        deleted=result.deleted,
                    )
                )
            )
        )
