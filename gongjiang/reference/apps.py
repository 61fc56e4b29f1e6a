from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "gongjiang.reference"
    label = "reference"
