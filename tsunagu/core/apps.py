from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "tsunagu.core"
    verbose_name = "共通"

    def ready(self) -> None:
        from .converters import IdConverter
        from .public_cache import connect_signals
        from .validation.guard import check_before_save

        register_converter(IdConverter, "id")
        pre_save.connect(check_before_save, dispatch_uid="tsunagu-input-guard")
        connect_signals()
