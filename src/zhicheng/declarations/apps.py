from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "zhicheng.declarations"
    label = "declarations"
    verbose_name = "申报"

    def ready(self):
        # The submission conditions of the workflow table (workflow.perform runs them).
        from zhicheng.declarations.domain import submission  # noqa: F401
