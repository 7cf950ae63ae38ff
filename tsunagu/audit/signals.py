"""Automatic audit entries: every write of an audited model (registry.py), and every
authentication event."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from tsunagu.tenancy.scoping import TenantOwned

from . import log
from .models import AuditAction
from .registry import Registration, registration


def _changed_fields(
    sender: type[models.Model], instance: Any, update_fields: Any, using: str
) -> list[str]:
    """The names of the fields this save changes. Personal data remembers the values it was
    loaded with; a configuration model is compared with its stored row (one query, only for
    the fields being saved)."""
    if isinstance(instance, TenantOwned):
        return instance.changed_field_names()
    fields = [f for f in sender._meta.concrete_fields if not f.primary_key]
    if update_fields is not None:
        wanted = set(update_fields)
        fields = [f for f in fields if f.name in wanted or f.attname in wanted]
    reg = registration(sender)
    fields = [f for f in fields if f.name not in reg.ignored_fields]
    if not fields:
        return []
    stored = (
        sender._base_manager.using(using)
        .filter(pk=instance.pk)
        .values(*[f.attname for f in fields])
        .first()
    )
    if stored is None:
        return [f.name for f in fields]
    return [f.name for f in fields if stored[f.attname] != getattr(instance, f.attname)]


def _municipality_id(reg: Registration, instance: Any) -> int | None:
    if reg.municipality_of is not None:
        return reg.municipality_of(instance)
    return getattr(instance, "municipality_id", None)


@receiver(pre_save)
def _remember_changes(sender: type, instance: Any, **kwargs: Any) -> None:
    if registration(sender) is None or instance._state.adding or kwargs.get("raw"):
        return
    instance._audit_changed = _changed_fields(
        sender, instance, kwargs.get("update_fields"), kwargs.get("using") or "default"
    )


@receiver(post_save)
def _audit_save(sender: type, instance: Any, created: bool, **kwargs: Any) -> None:
    reg = registration(sender)
    if reg is None or kwargs.get("raw"):
        return
    municipality_id = _municipality_id(reg, instance)
    if created:
        fields = [f.name for f in sender._meta.concrete_fields]
        log.record(
            AuditAction.CREATE, obj=instance, municipality_id=municipality_id, changed_fields=fields
        )
    else:
        remembered = instance.__dict__.pop("_audit_changed", ["*"])
        changed = [f for f in remembered if f not in reg.ignored_fields]
        if changed:
            log.record(
                AuditAction.UPDATE,
                obj=instance,
                municipality_id=municipality_id,
                changed_fields=changed,
            )
    if isinstance(instance, TenantOwned):
        instance._loaded_values = {
            f.attname: getattr(instance, f.attname) for f in sender._meta.concrete_fields
        }


@receiver(post_delete)
def _audit_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    reg = registration(sender)
    if reg is not None:
        log.record(
            AuditAction.DELETE, obj=instance, municipality_id=_municipality_id(reg, instance)
        )


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
