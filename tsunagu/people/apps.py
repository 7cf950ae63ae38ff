from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tsunagu.people"
    verbose_name = "本人・ケース"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from .models import CaseworkSettings

        register(CaseworkSettings)
        from .timeline import register_people_sources

        register_people_sources()
        # The 「担当する」 button of an unassigned case, first of the case page's panels.
        from .panels import register_case_panel
        from .queue_views import case_panel_context

        register_case_panel("take", "people/queue/_case_panel.html", case_panel_context, order=0)
