"""Dated versions of a case document (the assessment, the support plan): one rule for both.

A case's document is a history of numbered versions. A new version starts as a copy of the
newest one (下書き); while it is a draft — or returned with comments (差し戻し) — its author
edits it; once submitted for approval (承認待ち) or approved (承認済み) it is never edited
again: the next change is the next version. The rule is enforced twice: by the services
(a clear Japanese error) and by `save()` itself (the last boundary: no code path can change a
frozen version's content).

Visibility: a version is visible exactly when its case is, and through an access grant only
when the grant covers 要配慮個人情報 — the document is almost all S-class, so a grant without
S (a referral's limited view) does not show an empty shell of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, TenantOwned, scoped_through

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User
    from tsunagu.people.models import Case

SENSITIVE = frozenset({"sensitive"})


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("下書き")
    PENDING = "pending", _("承認待ち")
    APPROVED = "approved", _("承認済み")
    RETURNED = "returned", _("差し戻し")


EDITABLE = frozenset({VersionStatus.DRAFT, VersionStatus.RETURNED})
# A case has at most one version that is not yet approved: the next one starts after it.
OPEN = frozenset({VersionStatus.DRAFT, VersionStatus.RETURNED, VersionStatus.PENDING})


class FrozenVersionError(ValidationError):
    """An attempt to change a version that was submitted or approved."""


FROZEN_MESSAGE = _(
    "承認待ち・承認済みの版は変更できません。変更するには新しい版を作成してください。"
)


def case_document_q(
    path: str, level: str, user: User, membership: Membership, needs: frozenset[str]
) -> Q:
    """Rows whose case (through `path`) the membership sees; through a grant, one covering S."""
    from tsunagu.people.models import Case

    return scoped_through(Case, path, level, user, membership, needs | SENSITIVE)


class CaseVersion(TenantOwned):
    """One dated version of a case document. Subclasses add `case` and the content."""

    number = models.PositiveIntegerField(_("版"))
    status = models.CharField(
        _("状態"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(_("状態の変更日時"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("作成した職員"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    # What may still change on a frozen version: its status (an approval's decision).
    STATUS_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"status", "status_changed_at", "updated_at"}
    )
    VERSION_SENSITIVITY: ClassVar[dict[str, str]] = {
        "id": "O",
        "municipality": "O",
        "case": "O",
        "number": "O",
        "status": "O",
        "status_changed_at": "O",
        "created_by": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        abstract = True

    case: models.ForeignKey

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if self.pk and not (update_fields and set(update_fields) <= self.STATUS_FIELDS):
            self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def _refuse_if_frozen(self) -> None:
        """Read the stored row (the in-memory one may be stale): a frozen version's content
        never changes."""
        content = [f for f in self._meta.concrete_fields if f.name not in self.STATUS_FIELDS]
        stored = (
            type(self)
            .objects.unscoped("the freeze check of a version being saved")
            .filter(pk=self.pk)
            .values("status", *(f.attname for f in content))
            .first()
        )
        if stored is None or stored["status"] in EDITABLE:
            return
        if any(stored[f.attname] != getattr(self, f.attname) for f in content):
            raise FrozenVersionError(FROZEN_MESSAGE)

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_document_q("case", level, user, membership, needs)

    @classmethod
    def newest_of(cls, case: Case) -> CaseVersion | None:
        """The case's newest version (system read: the caller has checked access to the case)."""
        return (
            cls.objects.in_municipality(case.municipality_id)
            .filter(case=case)
            .order_by("-number")
            .first()
        )


class VersionPart(TenantOwned):
    """A row of a version's content (a domain rating, a goal, an action): frozen with it.
    Subclasses name their version field in VERSION_FIELD."""

    VERSION_FIELD: ClassVar[str] = ""

    class Meta:
        abstract = True

    def _refuse_if_frozen(self) -> None:
        """The stored status of the version (the in-memory one may be stale)."""
        version_model = self._meta.get_field(self.VERSION_FIELD).related_model
        status = (
            version_model.objects.unscoped("the freeze check of a version's part")
            .filter(pk=getattr(self, f"{self.VERSION_FIELD}_id"))
            .values_list("status", flat=True)
            .first()
        )
        if status is not None and status not in EDITABLE:
            raise FrozenVersionError(FROZEN_MESSAGE)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_document_q(f"{cls.VERSION_FIELD}__case", level, user, membership, needs)
