from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "gongjiang.incentives"
    label = "incentives"
