"""Rebuild every worker's search document (ADR 0008). Run nightly: experience years and recency
move with the calendar; and after bulk loads (demo_load, imports) that bypass the services."""

from django.core.management.base import BaseCommand

from gongjiang.search.services import REINDEX_BATCH, search_reindex


class Command(BaseCommand):
    help = "重建人才检索文档（全部人员）"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=REINDEX_BATCH)
        parser.add_argument("--quiet", action="store_true")
        parser.add_argument("--from-id", type=int, default=0, help="只重建人员编号不小于此值的文档")
        parser.add_argument("--to-id", type=int, default=None, help="只重建人员编号不大于此值的文档")
        parser.add_argument("--rebuild-index", action="store_true",
                            help="先删除再重建 GIN 索引（首次装载时更快；期间检索变慢）")

    def handle(self, *args, batch_size: int, quiet: bool, rebuild_index: bool, from_id: int, to_id: int | None,
               **options):
        def progress(done: int, total: int) -> None:
            if not quiet and (done % (batch_size * 25) < batch_size or done == total):
                self.stdout.write(f"{done}/{total}")

        count = search_reindex(batch_size=batch_size, progress=progress, rebuild_index=rebuild_index,
                               from_id=from_id, to_id=to_id)
        if not quiet:
            self.stdout.write(self.style.SUCCESS(f"已重建 {count} 份检索文档"))
