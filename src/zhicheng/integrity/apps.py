from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "zhicheng.integrity"
    label = "integrity"
    verbose_name = "诚信档案与材料造假查处"

    def ready(self):
        from zhicheng.integrity import guards  # noqa: F401 - registers workflow guards
