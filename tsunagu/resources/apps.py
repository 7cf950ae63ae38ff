from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "tsunagu.resources"
    verbose_name = "社会資源（支援・居場所の案内）"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from . import signals  # noqa: F401 - keeps window-linked services in step
        from .models import Contact, Field, Location, Phone, Schedule, Service, ServiceAtLocation

        register(Field)
        register(Location)
        register(Service, ignored_fields={"search_text"})
        # the parts of a service land in the chain of the service's municipality
        for part in (Phone, Schedule, Contact):
            register(part, municipality_of=lambda p: p.service.municipality_id)
        register(ServiceAtLocation, municipality_of=lambda s: s.service.municipality_id)
