"""The append-only audit log: a keyed hash chain per municipality, and signed checkpoints."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .chain import GENESIS_HASH, canonical_json, row_hash, row_payload, sign_checkpoint


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
    SEARCH = "search", _("検索")
    LIST = "list", _("一覧表示")


__all__ = ["GENESIS_HASH", "AuditAction", "AuditCheckpoint", "AuditEvent"]


class ChainQuerySet(models.QuerySet):
    def in_chain(self, municipality_id: int | None) -> ChainQuerySet:
        """The rows of one chain: a municipality's, or (None) the events without one."""
        if municipality_id is None:
            return self.filter(municipality_id__isnull=True)
        return self.filter(municipality_id=municipality_id)


class AuditEvent(models.Model):
    """One row per event. Never updated or deleted (a PostgreSQL trigger enforces it, and the
    application's database role may only INSERT: see `tsunagu setup-db-roles`).

    actor and municipality are plain ids, not foreign keys: deleting a user must not rewrite
    the log, and the log must outlive what it describes. `municipality_id` also names the chain
    the row belongs to; `seq` is its place in that chain (1, 2, …).
    """

    created_at = models.DateTimeField(_("日時"), db_index=True)
    actor_id = models.BigIntegerField(_("職員ID"), null=True, db_index=True)
    actor_username = models.CharField(_("職員"), max_length=150, blank=True)
    actor_role = models.CharField(_("役割"), max_length=200, blank=True)
    # no index of its own: the chains' unique indexes (below) start with it
    municipality_id = models.BigIntegerField(_("自治体ID"), null=True)
    ip_address = models.CharField(_("接続元"), max_length=45, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("対象"), max_length=100, blank=True)
    object_id = models.CharField(_("対象ID"), max_length=64, blank=True)
    changed_fields = models.JSONField(_("変更項目"), default=list, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    seq = models.PositiveBigIntegerField(_("連番"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = ChainQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        constraints = [
            # one row per place in each chain; also the index that finds a chain's head
            models.UniqueConstraint(
                fields=["municipality_id", "seq"],
                condition=Q(municipality_id__isnull=False),
                name="audit_chain_seq",
            ),
            models.UniqueConstraint(
                fields=["seq"], condition=Q(municipality_id__isnull=True), name="audit_system_seq"
            ),
        ]
        indexes = [
            # "who viewed this record", newest first: the index also gives the order
            models.Index(
                fields=["object_type", "object_id", "action", "-id"], name="audit_object_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def canonical(self) -> str:
        return canonical_json(row_payload(self))

    def compute_hash(self) -> str:
        """HMAC-SHA256 with TSUNAGU_AUDIT_KEY (not computable without the key)."""
        return row_hash(self.canonical())


class AuditCheckpoint(models.Model):
    """A signed statement "chain X had N rows ending in hash H at time T", written by
    `tsunagu audit checkpoint` here and to the witness file outside the database. Verification
    compares the chains with them: a chain that is shorter than a checkpoint lost its tail."""

    municipality_id = models.BigIntegerField(_("自治体ID"), null=True)
    seq = models.PositiveBigIntegerField(_("連番"))
    head_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("日時"))
    signature = models.CharField(max_length=64)

    objects = ChainQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("監査ログのチェックポイント")
        verbose_name_plural = _("監査ログのチェックポイント")
        indexes = [models.Index(fields=["municipality_id", "seq"], name="audit_checkpoint_chain")]

    def __str__(self) -> str:
        return f"checkpoint {self.municipality_id}:{self.seq}"

    def at(self) -> str:
        return self.created_at.isoformat(timespec="microseconds")

    def sign(self) -> str:
        return sign_checkpoint(self.municipality_id, self.seq, self.head_hash, self.at())
