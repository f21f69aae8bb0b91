from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "zhicheng.materials"
    label = "materials"
    verbose_name = "申报材料"
