"""`gongjiang indicators refresh [--on 2026-11-30]`: recompute every indicator of every area and
store the snapshot the home page reads (ADR 0025)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "重新计算全部地区的全部指标并保存快照（首页读取）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="重新计算并保存指标快照")
        refresh.add_argument("--on", help="统计截止日，默认今天，例如 2026-11-30")

    def handle(self, *args, **options):
        from gongjiang.indicators.services import snapshot_refresh

        try:
            on = date.fromisoformat(options["on"]) if options.get("on") else None
        except ValueError:
            raise CommandError("统计截止日应写成 2026-11-30 的格式") from None
        snapshot = snapshot_refresh(on=on)
        areas = len(snapshot.values.get("people", {}))
        self.stdout.write(f"指标快照已保存：统计截止日 {snapshot.on}，{areas} 个区县有人员数据，用时 {snapshot.seconds} 秒")
