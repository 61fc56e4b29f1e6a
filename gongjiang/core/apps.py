from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongjiang.core"
    label = "core"
