from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gongjiang.demo"
    label = "demo"
