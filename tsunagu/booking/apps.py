from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "tsunagu.booking"
    verbose_name = "相談の予約"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from .models import AvailabilityRule, DateOverride, WeeklyHours

        # Availability rules are configuration: their writes are audited (field names only).
        register(AvailabilityRule, municipality_of=lambda r: r.window.municipality_id)
        register(WeeklyHours, municipality_of=lambda h: h.rule.window.municipality_id)
        register(DateOverride, municipality_of=lambda o: o.rule.window.municipality_id)
