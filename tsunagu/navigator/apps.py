from django.apps import AppConfig


class NavigatorConfig(AppConfig):
    name = "tsunagu.navigator"
    verbose_name = "相談先ナビ"
