from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "gongjiang.ingest"
    label = "ingest"
