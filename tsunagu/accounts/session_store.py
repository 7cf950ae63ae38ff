"""The database session store, with its one read per request compiled once per connection
(tsunagu.core.fixed_query): Django's store builds and compiles the same ``get()`` on every
request. Same rules: an unknown or expired session key loads nothing and is dropped."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from tsunagu.core.fixed_query import FixedQuery

_SESSION_BY_KEY = FixedQuery(
    lambda session_key: Session.objects.filter(session_key=session_key), session_key=str
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        found = _SESSION_BY_KEY.fetch(session_key=self.session_key) if self.session_key else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
