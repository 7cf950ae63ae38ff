from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tsunagu.accounts"
    verbose_name = "職員アカウント"

    def ready(self) -> None:
        from tsunagu.audit.registry import register

        from . import checks, signals  # noqa: F401  (signal handlers and system checks)
        from .models import ApiToken, Membership, RoleConfiguration, User
        from .tokens import holder_municipality_id

        # Staff accounts, role assignments, role settings and tokens: every change is audited (audit registry).
        register(User, ignored_fields={"last_login"})
        register(Membership)
        register(ApiToken, ignored_fields={"last_used_at"}, municipality_of=holder_municipality_id)
        register(RoleConfiguration)
