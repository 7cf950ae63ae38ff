from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "tsunagu.disclosures"
    verbose_name = "開示請求への対応"

    def ready(self) -> None:
        from .panels import register

        register()
