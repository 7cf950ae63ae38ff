from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "tsunagu.consent"
    verbose_name = "同意と情報共有の記録"

    def ready(self) -> None:
        from .panels import register

        register()
