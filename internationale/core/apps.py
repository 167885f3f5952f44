from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "internationale.core"
    label = "core"
    verbose_name = "Core"
