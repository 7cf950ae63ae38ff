from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tsunagu.plans"
    verbose_name = "支援計画"

    def ready(self) -> None:
        from tsunagu.accounts.permissions import Action
        from tsunagu.assessments.approval import register_version_kind

        from .models import SupportPlan
        from .panels import register

        register()
        register_version_kind(
            "support_plan",
            model=SupportPlan,
            label="支援計画",
            url_name="plan-detail",
            action=Action.EDIT_SUPPORT_PLAN,
        )
