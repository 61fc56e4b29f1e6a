from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongjiang.accounts"
    label = "accounts"
