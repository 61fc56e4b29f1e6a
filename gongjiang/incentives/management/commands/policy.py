"""`gongjiang policy test FILE...` runs policy tests (YAML); `gongjiang policy run --month YYYY-MM`
enqueues the monthly run; `gongjiang policy remind` (daily, from cron) reminds beneficiaries of
failed payments and waives those past their deadline; `gongjiang policy notices-recount` (after
upgrading chinesecalendar) counts again the notices counted Monday–Friday for a year then unknown."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongjiang.incentives.policy_tests import policy_test_file


class Command(BaseCommand):
    help = "激励政策：运行政策测试（test）或提交月度批量计算（run）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        test = sub.add_parser("test", help="运行 YAML 政策测试")
        test.add_argument("files", nargs="+")
        run = sub.add_parser("run", help="提交月度批量计算任务")
        run.add_argument("--month", required=True, help="例如 2025-07")
        run.add_argument("--now", action="store_true", help="在当前进程内立即执行，不进入任务队列")
        sub.add_parser("remind", help="提醒发放失败的人员更新账户，逾期视为放弃（每日运行）")
        sub.add_parser("notices-recount", help="升级节假日日历后，重新计算曾按周一至周五计算的公示截止日（只延长不缩短）")

    def handle(self, *args, **options):
        if options["action"] == "test":
            return self._test(options["files"])
        if options["action"] == "remind":
            from django.utils import timezone

            from gongjiang.incentives.services import claims_remind_and_waive

            result = claims_remind_and_waive(today=timezone.localdate())
            self.stdout.write(f"完成：{result['waived']} 项逾期视为放弃")
            return None
        if options["action"] == "notices-recount":
            from gongjiang.incentives.services import claim_notices_recount

            self.stdout.write(f"完成：重新计算 {claim_notices_recount()} 项公示截止日")
            return None
        return self._run(options["month"], options["now"])

    def _test(self, files):
        failures = total = 0
        for name in files:
            path = Path(name)
            if not path.exists():
                raise CommandError(f"找不到文件 {name}")
            for result in policy_test_file(path):
                total += 1
                if result.passed:
                    self.stdout.write(f"通过  {path.name} · {result.name}")
                else:
                    failures += 1
                    self.stdout.write(self.style.ERROR(f"失败  {path.name} · {result.name}：{'；'.join(result.problems)}"))
        self.stdout.write(f"共 {total} 例，失败 {failures} 例")
        if failures:
            raise CommandError(f"{failures} 个政策测试未通过")

    def _run(self, month, now):
        import datetime

        from gongjiang.incentives import services
        from gongjiang.incentives.tasks import monthly_run_task

        try:
            year, mon = (int(x) for x in month.split("-"))
            period = datetime.date(year, mon, 1)
        except ValueError as exc:
            raise CommandError("月份格式应为 YYYY-MM，例如 2025-07") from exc
        if now:
            runs = services.monthly_run(period_start=period)
            self.stdout.write(f"完成：{len(runs)} 项政策，{sum(r.decisions for r in runs)} 个决定")
        else:
            result = monthly_run_task.enqueue(period.isoformat())
            self.stdout.write(f"已提交任务 {result.id}")
