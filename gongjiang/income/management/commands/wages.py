"""`gongjiang wages publish --year Y [--by district|industry] --out FILE.xlsx|.csv` (R7.2) and
`gongjiang wages build --year Y` (rebuild the year's snapshot from the current records)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongjiang.audit.services import audit_export
from gongjiang.core.errors import DomainError
from gongjiang.income import publication, selectors, services


class Command(BaseCommand):
    help = "工资价位：build 生成年度快照；publish 输出发布表（Excel 或 CSV）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="由当前收入记录生成年度快照")
        build.add_argument("--year", type=int, required=True)
        publish = sub.add_parser("publish", help="输出工资价位发布表")
        publish.add_argument("--year", type=int, required=True)
        publish.add_argument("--by", choices=["district", "industry"], default=None)
        publish.add_argument("--level", type=int, choices=[1, 2, 3, 4], default=None)
        publish.add_argument("--out", required=True, help="输出文件，扩展名 .xlsx 或 .csv")

    def handle(self, *args, action: str, **options):
        if action == "build":
            snapshot = services.income_snapshot_build(actor=None, year=options["year"])
            self.stdout.write(f"{snapshot.year}: {snapshot.rows} 人·年，{snapshot.records} 条月度记录 → {snapshot.path}")
            return
        out = Path(options["out"])
        if out.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError(f"输出文件“{out}”的扩展名应为 .xlsx 或 .csv。")
        try:
            rows = selectors.wage_levels(actor=None, year=options["year"], by=options["by"], level=options["level"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        writer = publication.publication_xlsx if out.suffix.lower() == ".xlsx" else publication.publication_csv
        out.write_bytes(writer(rows, year=options["year"], by=options["by"]))
        audit_export(actor=None, object_type="wage_levels", row_count=len(rows), file_format=out.suffix[1:],
                     filters={"year": options["year"], "by": options["by"] or "", "cli": True})
        hidden = sum(1 for r in rows if r["p50"] is None)
        self.stdout.write(f"已输出 {len(rows)} 行（其中 {hidden} 行按保密规则不公布）→ {out}")
