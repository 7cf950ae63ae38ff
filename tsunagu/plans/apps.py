from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tsunagu.plans"
    verbose_name = "支援計画"

    def ready(self) -> None:
        from .panels import register

        register()
