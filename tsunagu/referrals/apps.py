from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tsunagu.referrals"
    verbose_name = "おつなぎ"

    def ready(self) -> None:
        from .panels import register

        register()
