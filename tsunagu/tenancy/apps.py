from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "tsunagu.tenancy"
    verbose_name = "自治体・窓口・関係機関"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from .models import OpeningException, OpeningHours, Organization, Window

        register(Window)
        register(Organization)
        # hours and exceptions land in the chain of their window's municipality
        register(OpeningHours, municipality_of=lambda h: h.window.municipality_id)
        register(OpeningException, municipality_of=lambda e: e.window.municipality_id)
