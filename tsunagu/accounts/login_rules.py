"""May this account log in? One rule for the web login, open sessions and API tokens.

- An inactive account may not.
- A demo account (`is_demo`) may only while demo mode is on (never in production settings).
- A role that can read personal data (`permissions.requires_mfa`) needs an enrolled TOTP
  authenticator; demo accounts in demo mode are let in without one.

The web login lets an account whose only refusal is the missing TOTP through to the enrolment
page and nowhere else (RequireMFAMiddleware); every other refusal ends the login, the open
session, and makes the account's API tokens answer 401.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from .mfa import has_mfa
from .models import User
from .permissions import requires_mfa


@dataclass(frozen=True)
class LoginRefusal:
    code: str
    message: str

    @property
    def lifted_by_enrolment(self) -> bool:
        """Enrolling TOTP (allowed to a logged-in user without it) lifts this refusal."""
        return self is MFA_NOT_ENROLLED


INACTIVE = LoginRefusal("inactive", "このアカウントは無効になっています。")
DEMO_ACCOUNT = LoginRefusal(
    "demo_account",
    "デモ用のアカウントです。デモモードではないこのサイトにはログインできません。",
)
MFA_NOT_ENROLLED = LoginRefusal(
    "mfa_not_enrolled", "個人情報を扱う役割では二要素認証の設定が必要です。"
)


def login_refusal(user: User) -> LoginRefusal | None:
    """Why this account may not log in now, or None if it may."""
    if not user.is_active:
        return INACTIVE
    if user.is_demo:
        return None if settings.TSUNAGU_DEMO_MODE else DEMO_ACCOUNT
    if requires_mfa(user) and not has_mfa(user):
        return MFA_NOT_ENROLLED
    return None


def request_refusal(user: User) -> LoginRefusal | None:
    """login_refusal for the user object of one request (a session's or an API token's),
    checked on every request: the same rules, with the active memberships and the TOTP
    enrolment read in one query (User.load_memberships_and_totp), fresh for this request."""
    if not user.is_active or user.is_demo:
        return login_refusal(user)
    enrolled = user.load_memberships_and_totp()
    if requires_mfa(user) and not (has_mfa(user) if enrolled is None else enrolled):
        return MFA_NOT_ENROLLED
    return None
