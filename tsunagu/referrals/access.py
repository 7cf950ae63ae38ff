"""Access helper of the referrals: the one way views and the API open a referral by id."""

from __future__ import annotations

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.tenancy.access import fetch_for_user

from .models import Referral


def get_referral_for_user(user: User, referral_id: int) -> Referral:
    """A referral the user sees — the sending side through its case, the receiving side through
    its organisation (Referral.scope_q) — or 404; audited either way."""
    return fetch_for_user(
        user,
        Action.VIEW_CASE,
        Referral,
        referral_id,
        related=[
            "organization",
            "sent_by",
            "grant",
            "disclosure",
            "case",
            "case__window",
            "municipality",
        ],
    )
