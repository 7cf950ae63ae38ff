from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "tsunagu.search"
    verbose_name = "検索・名寄せ"

    def ready(self) -> None:
        from . import checks, index  # noqa: F401  (signals and system checks)
