from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "gongjiang.indicators"
    label = "indicators"
    verbose_name = "目标与指标"
