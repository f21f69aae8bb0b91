from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhicheng.audit"
    label = "audit"
    verbose_name = "审计链"
