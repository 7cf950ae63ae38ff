"""Helpers for API tests: a Bearer header, and the 422 error shape read as field → messages."""

from __future__ import annotations

from typing import Any

from tsunagu.accounts.models import ApiToken, User
from tsunagu.accounts.tokens import issue_token

SOURCES = ("body", "query", "path")
PARAMETER_NAMES = ("payload", "params", "query")


def issue_test_token(user: User, name: str = "テスト", **options: Any) -> tuple[ApiToken, str]:
    """(token, raw value) through the real issue_token (the login rules apply)."""
    issued = issue_token(user, name, **options)
    return issued.token, issued.raw


def bearer(user: User) -> dict[str, str]:
    _, raw = issue_test_token(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def field_errors(response: Any) -> dict[str, list[str]]:
    """A 422 answer as {"field" (or "group.0.sub"; "" for the whole input): [messages]}.

    Asserts the documented shape: {"detail": [{"loc": [...], "msg": str, "type": str}]}."""
    assert response.status_code == 422, (response.status_code, response.content[:500])
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail, detail
    errors: dict[str, list[str]] = {}
    for item in detail:
        assert set(item) == {"loc", "msg", "type"}, item
        assert isinstance(item["msg"], str) and item["msg"], item
        loc = list(item["loc"])
        assert loc and loc[0] in SOURCES, item
        loc = loc[1:]
        if loc and loc[0] in PARAMETER_NAMES:
            loc = loc[1:]
        errors.setdefault(".".join(str(p) for p in loc), []).append(item["msg"])
    return errors
