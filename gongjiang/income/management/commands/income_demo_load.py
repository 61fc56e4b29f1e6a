"""`gongjiang income_demo_load [--seed S] [--years 2020 2021 …]`: calibrated demo incomes for the
workers present in the registry (issue 6 §7), then the yearly snapshots."""

from django.core.management.base import BaseCommand

from gongjiang.income import demo, services


class Command(BaseCommand):
    help = "为人才库中的人员生成按公开数据校准的演示收入记录，并生成年度快照。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=20260)
        parser.add_argument("--years", type=int, nargs="+", default=list(demo.YEARS))

    def handle(self, *args, seed: int, years: list[int], **options):
        written = services.income_demo_load(years=tuple(years), seed=seed)
        for year, count in sorted(written.items()):
            self.stdout.write(f"{year}: {count} 条月度收入记录")
        if not written:
            self.stdout.write("人才库中没有在职人员：请先运行 demo_load。")
