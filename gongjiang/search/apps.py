from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongjiang.search"
    label = "search"
