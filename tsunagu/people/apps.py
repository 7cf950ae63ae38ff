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
        # 「担当する」 among the case page's actions, on an unassigned case (people.queue).
        from .panels import register_case_panel, register_case_summary
        from .queue_views import take_facts

        register_case_summary("queue", take_facts)
        # 終結 goes through approval (people.closure); the case page shows the requests' history.
        from .closure import approval_panel, register_closure

        register_closure()
        register_case_panel("approvals", "approvals/_history.html", approval_panel, order=90)
