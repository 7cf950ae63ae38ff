from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "tsunagu.contacts"
    verbose_name = "支援記録"

    def ready(self) -> None:
        from .panels import register

        register()
