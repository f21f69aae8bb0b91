from django.apps import AppConfig


class DemoConfig(AppConfig):
    # Its own app above the others: the demo fills every app, so core must not import it.
    name = "zhicheng.demo"
    label = "demo"
    verbose_name = "演示数据"
