from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "tsunagu.approvals"
    verbose_name = "承認"
