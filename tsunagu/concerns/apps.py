from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "tsunagu.concerns"
    verbose_name = "気になる方の連絡"
