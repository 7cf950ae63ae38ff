from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "tsunagu.publicity"
    verbose_name = "お知らせ・広報"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from .models import Announcement, FlyerPlacement

        # Announcements and flyer placements are public, operational data: their writes are
        # audited like other configuration (field names only). The image bytes say nothing.
        register(Announcement, ignored_fields={"image"})
        register(FlyerPlacement)
