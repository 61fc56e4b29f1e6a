from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "gongjiang.operations"
    label = "operations"
    verbose_name = "运维"
