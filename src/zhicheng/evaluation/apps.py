from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "zhicheng.evaluation"
    label = "evaluation"
    verbose_name = "评委会评审"

    def ready(self):
        from zhicheng.evaluation import guards, rules  # noqa: F401 - registers guards, perms
