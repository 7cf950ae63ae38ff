"""Automatic audit entries: every write of personal data, and every authentication event."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from tsunagu.tenancy.scoping import TenantOwned

from . import log
from .models import AuditAction

# Staff account changes are audited too; they are personal data of staff.
EXTRA_AUDITED = {"accounts.user", "accounts.membership", "accounts.apitoken"}
# Bookkeeping fields that change on every login and say nothing about the record.
IGNORED_FIELDS = {"last_login", "updated_at"}


def _is_audited(sender: type) -> bool:
    return issubclass(sender, TenantOwned) or sender._meta.label_lower in EXTRA_AUDITED


@receiver(pre_save)
def _remember_changes(sender: type, instance: Any, **kwargs: Any) -> None:
    if not _is_audited(sender) or instance._state.adding:
        return
    if isinstance(instance, TenantOwned):
        instance._audit_changed = instance.changed_field_names()
    else:
        update_fields = kwargs.get("update_fields")
        instance._audit_changed = sorted(update_fields) if update_fields else ["*"]


@receiver(post_save)
def _audit_save(sender: type, instance: Any, created: bool, **kwargs: Any) -> None:
    if not _is_audited(sender) or kwargs.get("raw"):
        return
    if created:
        fields = [f.name for f in sender._meta.concrete_fields]
        log.record(AuditAction.CREATE, obj=instance, changed_fields=fields)
    else:
        changed = [f for f in getattr(instance, "_audit_changed", ["*"]) if f not in IGNORED_FIELDS]
        if changed:
            log.record(AuditAction.UPDATE, obj=instance, changed_fields=changed)
    if isinstance(instance, TenantOwned):
        instance._loaded_values = {
            f.attname: getattr(instance, f.attname) for f in sender._meta.concrete_fields
        }


@receiver(post_delete)
def _audit_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    if _is_audited(sender):
        log.record(AuditAction.DELETE, obj=instance)


@receiver(user_logged_in)
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log.record(AuditAction.LOGIN, user=user, object_type="accounts.user", object_id=user.pk)


@receiver(user_logged_out)
def _audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log.record(AuditAction.LOGOUT, user=user, object_type="accounts.user", object_id=user.pk)


@receiver(user_login_failed)
def _audit_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    username = str(credentials.get("username") or credentials.get("login") or "")[:150]
    log.record(AuditAction.LOGIN_FAILED, username=username, extra={"username": username})
