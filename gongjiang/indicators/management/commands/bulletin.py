"""`gongjiang bulletin --area 330902 --month 2026-11 --out F.pdf|F.xlsx`: the monthly bulletin
(通报; R8.2, ADR 0025 §Bulletin) of an area, written to a file and kept in the archive of
bulletins (the same as the page's button, run at once instead of in the background)."""

import hashlib
import time
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongjiang.core.errors import DomainError


class Command(BaseCommand):
    help = "生成某地区某月的技能人才工作通报（PDF 或 Excel），并存入通报档案"

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="地区的 6 位行政区划代码，例如 330902")
        parser.add_argument("--month", required=True, help="月份，例如 2026-11")
        parser.add_argument("--out", required=True, help="输出文件，扩展名 .pdf 或 .xlsx 决定格式")
        parser.add_argument("--no-archive", action="store_true", help="只写文件，不存入通报档案")

    def handle(self, *args, **options):
        from gongjiang.indicators.bulletin import bulletin_content, render
        from gongjiang.indicators.models import Bulletin, BulletinStatus

        out = Path(options["out"])
        file_format = out.suffix.lower().lstrip(".")
        if file_format not in ("pdf", "xlsx"):
            raise CommandError("输出文件的扩展名应为 .pdf 或 .xlsx，例如 --out 通报.pdf")
        try:
            year, month = (int(part) for part in options["month"].split("-"))
        except ValueError:
            raise CommandError("月份应写成 2026-11 的格式") from None
        started = time.monotonic()
        try:
            content = bulletin_content(options["area"], year, month)
            data = render(content, file_format)
        except DomainError as error:
            raise CommandError(str(error)) from None
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        seconds = round(time.monotonic() - started, 2)
        if not options["no_archive"]:
            Bulletin.objects.create(area=content.area, year=year, month=month, file_format=file_format,
                                    status=BulletinStatus.DONE, on=content.on, content=data, size=len(data),
                                    sha256=hashlib.sha256(data).hexdigest(), finished_at=timezone.now(),
                                    seconds=Decimal(str(seconds)))
        self.stdout.write(f"通报已生成：{out}（{content.title}，{content.period}，统计截止 {content.on}，"
                          f"{len(data):,} 字节，用时 {seconds} 秒）")
