from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "tsunagu.routing"
    verbose_name = "振り分け"
