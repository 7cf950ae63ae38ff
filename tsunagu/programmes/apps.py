from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "tsunagu.programmes"
    verbose_name = "プログラム・居場所"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from .models import Programme, Schedule, ScheduleException, Session
        from .panels import register as register_panels

        # Public programme data is configuration: its writes are audited (field names only).
        register(Programme)
        register(Schedule, municipality_of=lambda s: s.programme.municipality_id)
        register(ScheduleException, municipality_of=lambda e: e.schedule.programme.municipality_id)
        register(Session)
        register_panels()
