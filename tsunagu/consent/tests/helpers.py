"""Shared test data for the consent app."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.consent.models import Category, Consent, Form, GivenBy
from tsunagu.consent.services import record_consent
from tsunagu.testing.world import World


def a_year_ahead() -> datetime.date:
    """An expiry the consent has not reached whenever the suite runs (a fixed date would fall
    into the past as the calendar moves on); the expiry boundary is tested on a pinned date."""
    return timezone.localdate() + datetime.timedelta(days=365)


def consent_for(world: World, **overrides: Any) -> Consent:
    """A consent of the home case's person: the agency, basic information and contacts."""
    fields: dict[str, Any] = {
        "given_by": GivenBy.PERSON,
        "organizations": [world.home.agency.pk],
        "categories": [Category.BASIC, Category.CONTACTS],
        "purpose": "就労支援機関へのおつなぎのため",
        "given_on": datetime.date(2026, 4, 10),
        "form": Form.SIGNED,
        "expires_on": a_year_ahead(),
    }
    fields.update(overrides)
    actor = overrides.pop("actor", None) or world.user(Role.COUNSELLOR)
    fields.pop("actor", None)
    return record_consent(actor, world.home.case, **fields)
