from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tsunagu.reports"
    verbose_name = "集計・報告"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from .models import ReferralCategory

        register(ReferralCategory, municipality_of=lambda c: c.organization.municipality_id)
