"""The append-only, hash-chained audit log."""

import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("作成")
    UPDATE = "update", _("更新")
    DELETE = "delete", _("削除")
    VIEW = "view", _("閲覧")
    EXPORT = "export", _("出力")
    LOGIN = "login", _("ログイン")
    LOGIN_FAILED = "login_failed", _("ログイン失敗")
    LOGOUT = "logout", _("ログアウト")
    LOGOUT_ALL = "logout_all", _("全端末からログアウト")
    MFA_CHANGED = "mfa_changed", _("二要素認証の変更")
    ACCESS_DENIED = "access_denied", _("アクセス拒否")
    TOKEN_CREATED = "token_created", _("APIトークン発行")
    SEARCH = "search", _("検索")
    LIST = "list", _("一覧表示")
    TOKEN_REVOKED = "token_revoked", _("APIトークン失効")
    GRANT_ENDED = "grant_ended", _("アクセス権の終了")


GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One row per event. Never updated or deleted (a PostgreSQL trigger enforces it).

    actor and municipality are plain ids, not foreign keys: deleting a user must not rewrite
    the log, and the log must outlive what it describes.
    """

    created_at = models.DateTimeField(_("日時"), db_index=True)
    actor_id = models.BigIntegerField(_("職員ID"), null=True, db_index=True)
    actor_username = models.CharField(_("職員"), max_length=150, blank=True)
    actor_role = models.CharField(_("役割"), max_length=200, blank=True)
    municipality_id = models.BigIntegerField(_("自治体ID"), null=True, db_index=True)
    ip_address = models.CharField(_("接続元"), max_length=45, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("対象"), max_length=100, blank=True)
    object_id = models.CharField(_("対象ID"), max_length=64, blank=True)
    changed_fields = models.JSONField(_("変更項目"), default=list, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        indexes = [
            # "who viewed this record", newest first: the index also gives the order
            models.Index(
                fields=["object_type", "object_id", "action", "-id"], name="audit_object_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def canonical(self) -> str:
        """The content covered by the hash: every column but the hash itself."""
        payload = {
            "id": self.pk,
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "actor_role": self.actor_role,
            "municipality_id": self.municipality_id,
            "ip_address": self.ip_address,
            "request_id": self.request_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "changed_fields": self.changed_fields,
            "extra": self.extra,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()
