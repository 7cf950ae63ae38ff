"""Imports of persons, cases and contacts from spreadsheets (.xlsx / .csv).

- `ImportMapping`: a named source of one municipality (「kintone 相談台帳」) and how its columns
  map to our fields, for one kind of record. Configuration, no personal data (audited through the
  registry).
- `ImportJob`: one uploaded file checked (dry run) and then imported, with its progress and its
  report (row numbers, field names and Japanese messages; duplicate candidates by id).
- `ImportedRow`: the stable identity of a source row (the mapping's key column, or a hash of the
  row) → the record it created. A file imported twice creates nothing the second time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, NOTHING, TenantOwned

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


class Kind(models.TextChoices):
    PERSONS = "persons", _("本人（とケース）")
    CASES = "cases", _("ケース")
    CONTACTS = "contacts", _("支援記録")


class ImportMapping(models.Model):
    """How one source's columns map to our fields: ``columns`` is {field: column heading}."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("自治体")
    )
    name = models.CharField(_("取り込み元の名前"), max_length=100)
    kind = models.CharField(_("取り込む記録"), max_length=20, choices=Kind.choices)
    columns = models.JSONField(_("列の対応"), default=dict, blank=True)
    default_window = models.ForeignKey(
        "tenancy.Window",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("既定の窓口"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("取り込みの列の対応")
        verbose_name_plural = _("取り込みの列の対応")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "kind"], name="importmapping_unique_name"
            )
        ]
        ordering = ["name", "kind"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class JobStatus(models.TextChoices):
    QUEUED_CHECK = "queued_check", _("確認の待ち")
    CHECKING = "checking", _("確認中")
    CHECKED = "checked", _("確認済み")
    QUEUED_IMPORT = "queued_import", _("取り込みの待ち")
    IMPORTING = "importing", _("取り込み中")
    DONE = "done", _("完了")
    FAILED = "failed", _("失敗（何も変更していません）")


class ImportJob(TenantOwned):
    """One uploaded file: checked by a dry run, then imported in one transaction."""

    mapping = models.ForeignKey(
        ImportMapping, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("取り込み元")
    )
    filename = models.CharField(_("ファイル名"), max_length=200)
    content = models.BinaryField(_("ファイル"))
    encoding = models.CharField(_("文字コード"), max_length=20, blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED_CHECK
    )
    total_rows = models.PositiveIntegerField(_("行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("処理した行数"), default=0)
    # {"errors": [[row, field label, message], …], "duplicates": [[row, [person ids]], …],
    #  "already": n, "new": n} — row numbers, labels and messages, never cell values.
    report = models.JSONField(_("確認の結果"), default=dict, blank=True)
    created_count = models.PositiveIntegerField(_("作成した件数"), default=0)
    import_duplicates = models.BooleanField(_("重複候補も新しく作成する"), default=False)
    failure = models.CharField(_("失敗の理由"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "mapping": "O",
        "filename": "P",
        "content": "S",
        "encoding": "O",
        "status": "O",
        "total_rows": "O",
        "processed_rows": "O",
        "report": "P",
        "created_count": "O",
        "import_duplicates": "O",
        "failure": "O",
        "created_by": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("取り込み")
        verbose_name_plural = _("取り込み")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"取り込み #{self.pk}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def running(self) -> bool:
        return self.status in (
            JobStatus.QUEUED_CHECK,
            JobStatus.CHECKING,
            JobStatus.QUEUED_IMPORT,
            JobStatus.IMPORTING,
        )

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        if level == "municipality":
            return Q()
        if level == "none":
            return NOTHING
        return Q(created_by=user)


class ImportedRow(TenantOwned):
    """A source row already imported: (mapping, key) → the record it created."""

    mapping = models.ForeignKey(ImportMapping, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("行の識別子"), max_length=128)
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    # The person of the row (persons: the person created; cases/contacts: the person referred
    # to), so later files of the same source can refer to it by its key.
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, related_name="+"
    )
    case = models.ForeignKey("people.Case", on_delete=models.PROTECT, null=True, related_name="+")
    job = models.ForeignKey(ImportJob, on_delete=models.PROTECT, related_name="+")

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "mapping": "O",
        "key": "P",
        "object_type": "O",
        "object_id": "O",
        "person": "O",
        "case": "O",
        "job": "O",
    }

    class Meta:
        verbose_name = _("取り込んだ行")
        verbose_name_plural = _("取り込んだ行")
        constraints = [
            models.UniqueConstraint(fields=["mapping", "key"], name="importedrow_unique_key")
        ]

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        if level == "municipality":
            return Q()
        return NOTHING
