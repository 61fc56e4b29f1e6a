"""`gongjiang demand catalogue --area 330900 --year 2026 [--top 100] [--reference-year 2025] --out F.xlsx`

Computes the catalogue draft from the data and the current weights and writes it to an Excel file,
without saving anything (issue 15: "the same data and weights give the same catalogue, to the
rank"). The saved draft, review and publication are on the pages (/demand/catalogues/)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongjiang.core.errors import DomainError, NotFound
from gongjiang.demand.indicators import INDICATORS, reason_text
from gongjiang.demand.models import Driver
from gongjiang.demand.services import catalogue_compute
from gongjiang.ingest.export import xlsx_write
from gongjiang.reference.models import Occupation


class Command(BaseCommand):
    help = "紧缺职业目录：按数据和现行权重计算目录草案，写入 Excel（不保存到数据库）。"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        catalogue = sub.add_parser("catalogue", help="计算目录草案并写入 Excel")
        catalogue.add_argument("--area", required=True, help="发布地区的行政区划代码，如 330900")
        catalogue.add_argument("--year", type=int, required=True, help="年度，如 2026")
        catalogue.add_argument("--top", type=int, default=100, help="列入职业数（默认 100）")
        catalogue.add_argument("--reference-year", type=int, default=None, help="标准化的基准年度（默认上一年）")
        catalogue.add_argument("--out", required=True, help="输出的 .xlsx 文件")

    def handle(self, *args, **options) -> None:
        try:
            computation = catalogue_compute(area_code=options["area"], year=options["year"], top=options["top"],
                                            reference_year=options["reference_year"])
        except (DomainError, NotFound) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        names = dict(Occupation.objects.values_list("code", "name"))
        headers = ["排名", "职业代码", "职业（工种）", "紧缺指数", "主要原因", "列入理由",
                   *[str(label) for label, _sign in INDICATORS.values()]]
        rows = ([s.rank, s.figures.code, names.get(s.figures.code, ""), s.score, str(Driver(s.driver).label),
                 reason_text(s), *[s.figures.values()[key] for key in INDICATORS]] for s in computation.listed)
        count = xlsx_write(options["out"], sheet_title=f"紧缺职业目录草案{options['year']}", headers=headers, rows=rows,
                           text_columns={1})
        self.stdout.write(f"已写入 {options['out']}：{count} 个职业（{options['area']}，{options['year']}年，"
                          f"基准年度 {computation.reference_year}）。")
