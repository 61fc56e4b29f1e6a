"""`gongjiang wages publish --year Y [--by district|industry] --out FILE.xlsx|.csv` (R7.2) and
`gongjiang wages build --year Y` (rebuild the year's snapshot from the current records).

`publish --engine spark [--source URL] [--spark-master M] [--spark-conf K=V …]` computes the same
table on Spark (issue 18 §5, ADR 0015; docs/operations/income.md for a cluster)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongjiang.audit.services import audit_export
from gongjiang.core.errors import DomainError
from gongjiang.income import publication, selectors, services
from gongjiang.income.store import snapshot_load


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
        publish.add_argument("--engine", choices=["numpy", "spark"], default="numpy",
                             help="计算方式：numpy 本机计算（默认）；spark 在 Spark（本机或集群）上计算，结果相同")
        publish.add_argument("--source", default=None,
                             help="仅用于 spark：快照文件的位置，如 hdfs:///gongjiang/income/income_2025.parquet 或 "
                                  "s3a://桶/income/income_2025.parquet（默认：本机快照目录中该年度的文件）")
        publish.add_argument("--spark-master", default=None,
                             help="仅用于 spark：如 local[4]、spark://主机:7077、yarn（默认：spark-submit 指定的，否则 local[*]）")
        publish.add_argument("--spark-conf", action="append", default=[], metavar="KEY=VALUE",
                             help="仅用于 spark：Spark 配置项，可重复，如 spark.executor.memory=4g")

    def handle(self, *args, action: str, **options):
        if action == "build":
            snapshot = services.income_snapshot_build(actor=None, year=options["year"])
            self.stdout.write(f"{snapshot.year}: {snapshot.rows} 人·年，{snapshot.records} 条月度记录 → {snapshot.path}")
            rule = snapshot_load(snapshot.year).annual_rule
            if rule.get("excluded"):  # issue 11 §1: who counts in an annual figure
                self.stdout.write(f"其中 {rule['excluded']} 人全年工作不足{rule['min_months']}个月，不计入年度统计"
                                  "（INCOME_ANNUAL_MIN_MONTHS）。")
            if rule.get("annualised"):
                self.stdout.write(f"{rule['annualised']} 人工作不足12个月，年收入按月数折算为全年。")
            return
        out = Path(options["out"])
        if out.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError(f"输出文件“{out}”的扩展名应为 .xlsx 或 .csv。")
        engine = options["engine"]
        if engine != "spark" and (options["source"] or options["spark_master"] or options["spark_conf"]):
            raise CommandError(_("--source、--spark-master 和 --spark-conf 只用于 --engine spark。"))
        started = self._spark_start(options) if engine == "spark" else None
        try:
            rows = selectors.wage_levels(actor=None, year=options["year"], by=options["by"], level=options["level"],
                                         engine=engine, source=options["source"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        finally:
            if started is not None:
                started.stop()
        writer = publication.publication_xlsx if out.suffix.lower() == ".xlsx" else publication.publication_csv
        rule = selectors.wage_levels_annual_rule(actor=None, year=options["year"])
        out.write_bytes(writer(rows, year=options["year"], by=options["by"], annual_rule=rule))
        audit_export(actor=None, object_type="wage_levels", row_count=len(rows), file_format=out.suffix[1:],
                     filters={"year": options["year"], "by": options["by"] or "", "cli": True, "engine": engine})
        hidden = sum(1 for r in rows if r["p50"] is None)
        self.stdout.write(f"已输出 {len(rows)} 行（其中 {hidden} 行按保密规则不公布）→ {out}")

    def _spark_start(self, options):
        """Start (or join) the Spark session; returns it when this command started it, to stop it."""
        conf = {}
        for item in options["spark_conf"]:
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise CommandError(_("Spark 配置“%(item)s”应写成 键=值，例如 spark.executor.memory=4g。") % {"item": item})
            conf[key.strip()] = value.strip()
        try:
            from pyspark.errors import PySparkRuntimeError
            from pyspark.sql import SparkSession

            from gongjiang.income import spark
        except ImportError as exc:
            raise CommandError(_("本机未安装 Spark 组件：请执行 pip install 'gongjiang[spark]'（还需要 Java 17 或更高版本），"
                                 "或去掉 --engine spark 用默认方式计算。")) from exc
        active = SparkSession.getActiveSession()
        try:
            session = spark.session(master=options["spark_master"], conf=conf)
        except PySparkRuntimeError as exc:
            raise CommandError(_("Spark 无法启动：请确认已安装 Java 17 或更高版本（java -version），"
                                 "并检查 --spark-master 与 --spark-conf 的设置。（%(error)s）") % {"error": exc}) from exc
        return None if active is not None else session
