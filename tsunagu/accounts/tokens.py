"""API tokens: issuing, checking and revoking. Every issue and revocation is audited by the audit
registry (never the token itself), with the path that caused it (`via`). A token follows the
login rules (login_rules.login_refusal): only an account
that may log in gets one, and a token of an account that may not log in answers 401.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tsunagu.audit.context import noting
from tsunagu.core.fixed_query import FixedQuery
from tsunagu.core.validation import clean_model_text
from tsunagu.core.validation.errors import first_message

from .login_rules import login_refusal, request_refusal
from .models import ApiToken, Membership, User, hash_token
from .permissions import Action, municipalities_where

# "Last used" to the minute is enough to spot a forgotten token; writing it on every call made
# each read request a second commit.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)

# Looked up on every API call: compiled once per connection (tsunagu.core.fixed_query). The
# hash is unique; whether the token is revoked or expired is checked on the row.
_TOKEN_BY_HASH = FixedQuery(
    lambda token_hash: ApiToken.objects.select_related("user").filter(token_hash=token_hash),
    token_hash=str,
)


class TokenRefusedError(Exception):
    """A token cannot be issued; str() is the reason, in Japanese."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown to the user once; only its hash is stored


def holder_municipality_id(token: ApiToken) -> int | None:
    """The municipality whose audit chain gets the entries about a token (so its administrators
    see them): the lowest-numbered of the holder's memberships."""
    return (
        Membership.objects.filter(user_id=token.user_id, is_active=True)
        .order_by("municipality_id")
        .values_list("municipality_id", flat=True)
        .first()
    )


def issue_token(
    user: User, name: str, *, days: int | None = None, via: str = "page"
) -> IssuedToken:
    """Issue a token valid for `days` (default and maximum: TSUNAGU_API_TOKEN_DAYS).
    `via` says where it was asked for ("page", "command"), for the audit entry."""
    refusal = login_refusal(user)
    if refusal is not None:
        raise TokenRefusedError(
            f"「{user.get_username()}」はログインできないため、APIトークンを発行できません"
            f"（{refusal.message}）"
        )
    try:
        name = clean_model_text(ApiToken, "name", name, required=True)
    except ValidationError as error:
        raise TokenRefusedError(f"名前（用途）：{first_message(error)}") from None
    longest = settings.TSUNAGU_API_TOKEN_DAYS
    days = longest if days is None else days
    if not 1 <= days <= longest:
        raise TokenRefusedError(f"有効期間は1日から{longest}日までの日数で指定してください。")
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with noting(via=via, holder_id=user.pk):
        token = ApiToken.objects.create(
            user=user,
            name=name,
            token_hash=hash_token(raw),
            created_at=now,
            expires_at=now + datetime.timedelta(days=days),
        )
    return IssuedToken(token, raw)


def authenticate_token(raw: str) -> User | None:
    """The user of a live token, or None: unknown, revoked or expired token, or an account
    that may not log in now."""
    if not raw or not raw.startswith(ApiToken.PREFIX):
        return None
    now = timezone.now()
    found = _TOKEN_BY_HASH.fetch(token_hash=hash_token(raw))
    token = found[0] if found else None
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    if request_refusal(token.user) is not None:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_token(token: ApiToken, *, via: str) -> bool:
    """Revoke one token (False if it already was). `via` names the path for the audit entry
    ("page", "admin", "command", "logout_all", "disabled")."""
    fresh = ApiToken.objects.select_for_update().filter(pk=token.pk).first()
    if fresh is None or fresh.revoked_at is not None:
        return False
    fresh.revoked_at = timezone.now()
    with noting(via=via, holder_id=fresh.user_id):
        fresh.save(update_fields=["revoked_at"])
    token.revoked_at = fresh.revoked_at
    return True


def revoke_all_for_user(user: User, *, via: str) -> int:
    """Revoke every token of the user that still works. Returns how many."""
    live = ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    return sum(revoke_token(token, via=via) for token in live.select_related("user"))


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"))


def tokens_managed_by(admin: User) -> QuerySet[ApiToken]:
    """Tokens of every user with a membership in a municipality where `admin` manages users."""
    ids = municipalities_where(admin, Action.MANAGE_USERS)
    holders = Membership.objects.filter(municipality_id__in=ids, is_active=True).values("user_id")
    return ApiToken.objects.filter(user_id__in=holders).select_related("user")
