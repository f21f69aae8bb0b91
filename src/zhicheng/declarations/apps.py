from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "zhicheng.declarations"
    label = "declarations"
    verbose_name = "申报"
