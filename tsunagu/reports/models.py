"""The one thing the reports store: which 白書 category an organisation is counted under.

Report definitions themselves are data in code (definitions.py, standard.py): a new table is a
definition, not a model change.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .categories import HAKUSHO_DESTINATIONS


class ReferralCategory(models.Model):
    """An organisation's つなぎ先 category in the annual report (厚生労働白書 図表2-2-3).
    Configuration, not personal data; audited through the registry."""

    organization = models.OneToOneField(
        "tenancy.Organization",
        on_delete=models.CASCADE,
        related_name="report_category",
        verbose_name=_("機関・団体"),
    )
    category = models.CharField(_("集計区分"), max_length=30, choices=HAKUSHO_DESTINATIONS)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("おつなぎ先の集計区分")
        verbose_name_plural = _("おつなぎ先の集計区分")

    def __str__(self) -> str:
        return f"{self.organization} → {self.get_category_display()}"
