from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "gongjiang.registry"
    label = "registry"
