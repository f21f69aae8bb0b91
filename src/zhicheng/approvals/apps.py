from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "zhicheng.approvals"
    label = "approvals"
    verbose_name = "审批、备案与学历认证"

    def ready(self):
        from zhicheng.approvals import guards  # noqa: F401 - registers guards and sources
