"""Bearer-token authentication: a token carries exactly its user's permissions, and only while
the user may log in (tsunagu.accounts.tokens.authenticate_token)."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from tsunagu.accounts.tokens import authenticate_token
from tsunagu.audit.context import current


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is None:
            return None
        request.user = user
        ctx = current()
        ctx.user = user
        if ctx.request is not None:
            ctx.request.user = user
        return user
