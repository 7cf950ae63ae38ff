from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "tsunagu.search"
    verbose_name = "検索・名寄せ"
