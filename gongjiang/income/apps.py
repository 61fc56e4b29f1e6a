from django.apps import AppConfig


class IncomeConfig(AppConfig):
    name = "gongjiang.income"
    label = "income"
