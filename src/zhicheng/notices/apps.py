from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "zhicheng.notices"
    label = "notices"
    verbose_name = "公示与异议"

    def ready(self):
        from zhicheng.notices import guards  # noqa: F401 - registers workflow guards
