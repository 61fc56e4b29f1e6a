from django.apps import AppConfig


class DemandConfig(AppConfig):
    name = "gongjiang.demand"
    label = "demand"
