from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "zhicheng.materials"
    label = "materials"
    verbose_name = "申报材料"

    def ready(self):
        from zhicheng.materials.domain import declaration  # noqa: F401 - registers slots
