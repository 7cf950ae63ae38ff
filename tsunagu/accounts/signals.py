"""Account signal handlers.

Password logins and failures are audited in tsunagu.audit.signals from Django's own signals
(allauth logs in through django.contrib.auth, which sends user_logged_in and
user_login_failed). What Django does not see is audited here: a second factor that was wrong,
changes of authenticators (tsunagu.accounts.adapter audits attempts refused by the lockout).
"""

from typing import Any

from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction

from . import sessions, tokens
from .models import User


@receiver(user_logged_in)
def _track_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.track_login(request, user)


@receiver(user_logged_out)
def _track_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    sessions.track_logout(request)


@receiver(post_save, sender=User)
def _end_sessions_and_tokens_of_disabled_user(sender: Any, instance: User, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.is_active:
        return
    if instance.user_sessions.exists():
        sessions.end_all_sessions(instance, reason="disabled")
    tokens.revoke_all_for_user(instance, via="disabled")


@receiver(mfa_signals.authentication_failed)
def _audit_mfa_failed(sender: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    username = user.get_username()
    record(
        AuditAction.LOGIN_FAILED,
        username=username,
        object_type="accounts.user",
        object_id=user.pk,
        extra={
            "username": username,
            "factor": authenticator.type,
            "reauthentication": bool(kwargs.get("reauthentication")),
        },
    )


def _audit_mfa_change(change: str) -> Any:
    def handler(sender: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
        record(
            AuditAction.MFA_CHANGED,
            user=user,
            object_type="accounts.user",
            object_id=user.pk,
            extra={"change": change, "authenticator": authenticator.type},
        )

    return handler


_mfa_added = _audit_mfa_change("added")
_mfa_removed = _audit_mfa_change("removed")
_mfa_reset = _audit_mfa_change("reset")
mfa_signals.authenticator_added.connect(_mfa_added, dispatch_uid="tsunagu_mfa_added")
mfa_signals.authenticator_removed.connect(_mfa_removed, dispatch_uid="tsunagu_mfa_removed")
mfa_signals.authenticator_reset.connect(_mfa_reset, dispatch_uid="tsunagu_mfa_reset")
