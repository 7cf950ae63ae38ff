from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "tsunagu.tenancy"
    verbose_name = "自治体・窓口・関係機関"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from .models import Organization, Window

        register(Window)
        register(Organization)
