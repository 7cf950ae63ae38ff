"""The contact log (支援記録) and planned outreach visits (訪問計画).

Design: a `Contact` is an immutable-ish event of something that happened (it is what statistics
count as 延べ件数). A home visit that is only planned is NOT a contact: it is an `OutreachVisit`
with its own fields (planned time, pair-visit staff, safety notes). Recording the visit creates
the done `Contact` (channel 訪問, who was reached) and links it from the plan, so planned visits
never inflate the log or the statistics, and the safety notes stay with the plan.

Note parts (`ContactNote`) carry a source tag each, so a disclosure request (開示請求) can be
answered part by part (本人の発言 may be disclosed while 第三者からの情報 is withheld).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, TenantOwned, scoped_through

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User


def case_scoped_q(
    path: str, level: str, user: User, membership: Membership, needs: frozenset[str]
) -> Q:
    """Rows whose case (reached through `path`) the membership may see; through an access
    grant, only one that covers contacts."""
    from tsunagu.people.models import Case

    return scoped_through(Case, path, level, user, membership, needs | {"contacts"})


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("来所・面接")
    PHONE = "phone", _("電話")
    ONLINE = "online", _("オンライン")
    EMAIL = "email", _("メール")
    LINE = "line", _("LINE等")
    VISIT = "visit", _("訪問")
    ACCOMPANY = "accompany", _("同行支援")
    AGENCY = "agency", _("関係機関連絡")


class Reached(models.TextChoices):
    PERSON = "person", _("本人")
    FAMILY = "family", _("家族")
    PERSON_AND_FAMILY = "person_and_family", _("本人と家族")
    AGENCY = "agency", _("関係機関")
    NO_ANSWER = "no_answer", _("応答なし")
    ABSENT = "absent", _("不在")
    LETTER_LEFT = "letter_left", _("手紙・メモを置いた")


class NoteSource(models.TextChoices):
    PERSON = "person", _("本人の発言")
    FAMILY = "family", _("家族の発言")
    THIRD_PARTY = "third_party", _("第三者・関係機関からの情報")
    STAFF = "staff", _("職員の所見")


class Contact(TenantOwned):
    # Indexed by contact_case_id_time (case first): a second index on case alone only slowed
    # the writes of a table that grows by millions of rows.
    case = models.ForeignKey(
        "people.Case",
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("ケース"),
        db_index=False,
    )
    channel = models.CharField(_("方法"), max_length=20, choices=Channel.choices)
    occurred_at = models.DateTimeField(_("日時"))
    duration_minutes = models.PositiveIntegerField(_("所要時間（分）"), null=True, blank=True)
    reached = models.CharField(_("対応した相手"), max_length=20, choices=Reached.choices)
    summary = models.TextField(_("概要"), blank=True)
    next_action = models.CharField(_("次回の対応"), max_length=300, blank=True)
    next_action_due = models.DateField(_("次回の対応の期限"), null=True, blank=True)
    next_action_done = models.BooleanField(_("次回の対応済み"), default=False)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ContactStaff",
        related_name="+",
        verbose_name=_("対応した職員"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "case": "O",
        "channel": "O",
        "occurred_at": "O",
        "duration_minutes": "O",
        "reached": "O",
        "summary": "S",
        "next_action": "S",
        "next_action_due": "O",
        "next_action_done": "O",
        "created_by": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("支援記録")
        verbose_name_plural = _("支援記録")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            # the timeline's order (time, then id) with its keyset cursor: no sort at any page
            models.Index(fields=["case", "-occurred_at", "-id"], name="contact_case_id_time"),
            models.Index(
                fields=["municipality", "next_action_due"],
                name="contact_open_next_action",
                condition=Q(next_action_done=False, next_action_due__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"支援記録 #{self.pk}"

    @property
    def has_open_next_action(self) -> bool:
        return bool(self.next_action_due or self.next_action) and not self.next_action_done

    @property
    def recorded_from_visit(self) -> bool:
        """Was this contact recorded from a planned visit? (Templates ask this instead of
        ``obj.visit``: a contact without a visit raises there, and the template engine answers
        a raising lookup with ``dir()`` of the whole model instance, a tenth of a millisecond
        per timeline entry.)"""
        return getattr(self, "visit", None) is not None

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_scoped_q("case", level, user, membership, needs)


class ContactStaff(TenantOwned):
    """Staff present at a contact (the through table of Contact.staff)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="staff_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    SENSITIVITY = {"id": "O", "municipality": "O", "contact": "O", "user": "O"}

    class Meta:
        verbose_name = _("対応した職員")
        verbose_name_plural = _("対応した職員")
        constraints = [
            models.UniqueConstraint(fields=["contact", "user"], name="contactstaff_unique")
        ]

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_scoped_q("contact__case", level, user, membership, needs)


class ContactNote(TenantOwned):
    """One part of a contact's notes, tagged with where the information came from."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    source = models.CharField(_("情報源"), max_length=20, choices=NoteSource.choices)
    text = models.TextField(_("記録"))
    order = models.PositiveSmallIntegerField(_("順序"), default=0)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "contact": "O",
        "source": "O",
        "text": "S",
        "order": "O",
    }

    class Meta:
        verbose_name = _("記録の部分")
        verbose_name_plural = _("記録の部分")
        ordering = ["contact", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} #{self.pk}"

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_scoped_q("contact__case", level, user, membership, needs)


class OutreachVisit(TenantOwned):
    """A planned home visit (アウトリーチ); recording it creates the done Contact."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("予定")
        DONE = "done", _("実施済み")
        CANCELLED = "cancelled", _("中止")

    case = models.ForeignKey(
        "people.Case",
        on_delete=models.PROTECT,
        related_name="outreach_visits",
        verbose_name=_("ケース"),
    )
    planned_for = models.DateTimeField(_("訪問予定日時"))
    purpose = models.TextField(_("訪問の目的・進め方"), blank=True)
    safety_notes = models.TextField(
        _("安全上の注意"),
        blank=True,
        help_text=_("例：犬がいる、暴力の経過、玄関先で機関名を名乗らない"),
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    contact = models.OneToOneField(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="visit"
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="VisitStaff", related_name="+", verbose_name=_("訪問者")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "case": "O",
        "planned_for": "O",
        "purpose": "S",
        "safety_notes": "S",
        "status": "O",
        "contact": "O",
        "created_by": "O",
        "created_at": "O",
        "updated_at": "O",
    }

    class Meta:
        verbose_name = _("訪問計画")
        verbose_name_plural = _("訪問計画")
        ordering = ["planned_for", "pk"]
        indexes = [
            models.Index(fields=["municipality", "status", "planned_for"], name="visit_status_time")
        ]

    def __str__(self) -> str:
        return f"訪問計画 #{self.pk}"

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_scoped_q("case", level, user, membership, needs)


class VisitStaff(TenantOwned):
    """Staff planned for an outreach visit (the through table of OutreachVisit.staff)."""

    visit = models.ForeignKey(OutreachVisit, on_delete=models.CASCADE, related_name="staff_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    SENSITIVITY = {"id": "O", "municipality": "O", "visit": "O", "user": "O"}

    class Meta:
        verbose_name = _("訪問者")
        verbose_name_plural = _("訪問者")
        constraints = [models.UniqueConstraint(fields=["visit", "user"], name="visitstaff_unique")]

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        return case_scoped_q("visit__case", level, user, membership, needs)
