"""Load the demo district into an empty, migrated database and print the demo log-ins.

    python -m gongjiang.manage demo_load [--workers N] [--seed S] [--profile dinghai|huangpu]
                                         [--if-empty] [--quiet] [--no-search-index]

`--if-empty` makes it safe to run at every start-up: when the talent registry already holds people
it changes nothing and prints the log-ins. Without it, a non-empty registry is refused.
"""

from __future__ import annotations

import time
import unicodedata

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from gongjiang.demo.accounts import DEMO_PASSWORD, DemoLogin, demo_logins
from gongjiang.demo.evaluation import evaluation_demo_load
from gongjiang.demo.generator import COUNT_LABELS, DemoDataError, DemoSummary, district_generate
from gongjiang.demo.profiles import PROFILES
from gongjiang.registry.models import Worker


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _percent(share: float) -> str:
    """35% / 48.7% / 8.05%: as many decimals as the figure has, at most two."""
    return f"{share * 100:.2f}".rstrip("0").rstrip(".") + "%"


def logins_table(logins: list[DemoLogin]) -> list[str]:
    """The log-ins as lines of text, in Chinese."""
    lines = [f"演示账号（密码均为 {DEMO_PASSWORD}；仅供演示，切勿在正式系统中使用）",
             "  " + _pad("用户名", 14) + _pad("角色", 16) + "可见范围"]
    lines += ["  " + _pad(login.username, 14) + _pad(login.role_label, 16) + login.scope for login in logins]
    return lines


def summary_lines(summary: DemoSummary, seconds: float | None = None) -> list[str]:
    """Counts, shares against their targets, and the grade mix, as lines of text. `seconds` is the
    time taken including the commit (the generator's own clock stops before it)."""
    counts = summary.counts
    lines = [f"演示区县：{summary.district_name}（{summary.district_code}），随机种子 {summary.seed}，"
             f"档案年份 {summary.years[0]}–{summary.years[1]}，数据截至 {summary.as_of:%Y-%m-%d}", "数据统计"]
    for key, label in COUNT_LABELS.items():
        line = "  " + _pad(label, 20) + f"{counts[key]:>10,}"
        if key == "skilled":
            line += f"  占全部职工 {summary.skilled_share:.1%}（目标 {_percent(summary.target_skilled_share)}）"
        elif key == "high_skilled":
            line += f"  占技能人才 {summary.high_skilled_share:.1%}（目标 {_percent(summary.target_high_skilled_share)}）"
        lines.append(line)
    lines.append("技能等级分布（按最高等级）")
    lines += ["  " + _pad(label, 20) + f"{count:>10,}" for label, count in summary.by_grade.items()]
    seconds = seconds or summary.seconds
    rate = summary.rows / seconds if seconds else 0
    lines.append(f"用时 {seconds:.1f} 秒（含提交），写入 {summary.rows:,} 行（约 {rate:,.0f} 行/秒）")
    return lines


class Command(BaseCommand):
    help = "装载演示区县数据（企业、全部职工及其技能档案）和各角色的演示账号。数据库须已执行 migrate。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--workers", type=int, default=3000, help="职工人数（默认 3000，至少 100）")
        parser.add_argument("--seed", type=int, default=20251, help="随机种子：相同种子生成相同数据（默认 20251）")
        parser.add_argument("--profile", choices=sorted(PROFILES), default="dinghai",
                            help="按哪个区县的政策文件校准：dinghai 舟山市定海区（默认）、huangpu 上海市黄浦区")
        parser.add_argument("--batch-size", type=int, default=5000, help="每批写入的人数（默认 5000）")
        parser.add_argument("--if-empty", action="store_true", help="人才库已有人员时不做任何改动，只显示演示账号")
        parser.add_argument("--quiet", action="store_true", help="不显示进度和统计")
        parser.add_argument("--no-search-index", action="store_true",
                            help="不建立人才检索文档（基准测试另行计时重建时使用）")

    def handle(self, *args, **options) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0
        existing = Worker.objects.count()
        if existing:
            if not options["if_empty"]:
                raise CommandError(f"人才库中已有 {existing:,} 名人员。演示数据只能装入空库；"
                                   "如果只是想在已有数据时跳过，请加 --if-empty。")
            if not quiet:
                self.stdout.write(f"人才库中已有 {existing:,} 名人员，演示数据视为已装载，未做任何改动。")
                self.stdout.write("\n".join(logins_table(demo_logins())))
            return

        def progress(done: int, total: int) -> None:
            if not quiet:
                self.stdout.write(f"  已生成 {done:,} / {total:,} 人")

        if not quiet:
            self.stdout.write(f"正在生成演示数据：{options['workers']:,} 名职工（{options['profile']}）……")
        started = time.monotonic()
        try:
            summary = district_generate(profile=options["profile"], workers=options["workers"],
                                        seed=options["seed"], batch_size=options["batch_size"], progress=progress)
            evaluation = evaluation_demo_load(profile_key=summary.profile, district_code=summary.district_code,
                                              as_of=summary.as_of, seed=options["seed"])
        except (DemoDataError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if not quiet:
            lines = summary_lines(summary, time.monotonic() - started)
            self.stdout.write("\n".join([*lines, f"  技能评价：{evaluation['batches']} 个批次，{evaluation['candidates']} 人次考生，"
                                          f"颁发证书 {evaluation['certificates']} 本（撤销 {evaluation['revoked']} 本）",
                                          "", *logins_table(summary.logins)]))
        # The demo writes straight to the tables, so the search documents are built here, before the
        # platform opens: no one is told to run a command afterwards (issue 10 §21).
        if apps.is_installed("gongjiang.search") and not options["no_search_index"]:
            from gongjiang.search.services import search_reindex

            count = search_reindex()
            if not quiet:
                self.stdout.write(f"已建立人才检索文档 {count:,} 份。")
