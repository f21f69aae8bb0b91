from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "zhicheng.review"
    label = "review"
    verbose_name = "单位与职改办审核"

    def ready(self):
        from zhicheng.review import guards, rules  # noqa: F401 - registers guards and perms
