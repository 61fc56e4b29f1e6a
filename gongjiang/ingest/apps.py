from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class IngestConfig(AppConfig):
    name = "gongjiang.ingest"
    label = "ingest"
    verbose_name = "数据导入导出"

    def ready(self) -> None:
        # Each app declares its import kinds in <app>/import_kinds.py (ADR 0007).
        autodiscover_modules("import_kinds")
