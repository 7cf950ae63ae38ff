from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "tsunagu.imports"
    verbose_name = "データの取り込み"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from .models import ImportMapping

        register(ImportMapping)
