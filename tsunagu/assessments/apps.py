from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "tsunagu.assessments"
    verbose_name = "アセスメント"

    def ready(self) -> None:
        from tsunagu.accounts.permissions import Action

        from .approval import register_version_kind
        from .models import Assessment

        register_version_kind(
            "assessment",
            model=Assessment,
            label="アセスメント",
            url_name="assessment-detail",
            action=Action.EDIT_ASSESSMENT,
        )
