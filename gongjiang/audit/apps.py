from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongjiang.audit"
    label = "audit"
