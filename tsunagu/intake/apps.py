from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "tsunagu.intake"
    verbose_name = "受付"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from .models import FormDefinition, FormVersion

        # Form edits and publishing are audited (field names only: "schema", "status" …).
        register(FormDefinition)
        register(FormVersion, municipality_of=lambda v: v.definition.municipality_id)

        from .case_timeline import register as register_case_page

        register_case_page()
