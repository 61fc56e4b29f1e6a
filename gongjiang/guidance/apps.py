from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    """Career guidance (职业发展指引, R1.5): reads the registry, evaluation, training, income and
    incentives domains and writes nothing; no domain imports it (ADR 0027)."""

    name = "gongjiang.guidance"
    label = "guidance"
    verbose_name = "职业发展指引"
