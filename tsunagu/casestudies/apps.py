from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    name = "tsunagu.casestudies"
    verbose_name = "事例検討資料（匿名化）"

    def ready(self) -> None:
        from .panels import register

        register()
