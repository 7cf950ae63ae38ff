from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "tsunagu.routing"
    verbose_name = "振り分け"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from .models import RoutingRule

        register(RoutingRule)
        # The handoff panel on the case page (handoffs are CaseAccess rows; their history,
        # HandoffEvent, lives in this app).
        from tsunagu.people.handoff_views import case_panel_context
        from tsunagu.people.panels import register_case_panel

        register_case_panel(
            "handoffs", "people/handoff/_case_panel.html", case_panel_context, order=50
        )
