from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tsunagu.web"
    verbose_name = "画面"
