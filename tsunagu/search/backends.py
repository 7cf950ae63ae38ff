"""Substring search over the index: one interface, a SQLite and a PostgreSQL implementation.

Both answer the same question — "the entry's text contains these keys" — and both end with the
same recheck (``LIKE '%key%'`` on ``text``), so they return the same rows; they differ only in
which index narrows the candidates first:

- SQLite: FTS5 over the app-made bigram tokens (1–2 character queries included);
- PostgreSQL: the ``text[]`` bigram column with GIN (``@>``); pg_trgm GIN on ``text`` as a
  second path for the ``LIKE`` of keys of three or more characters when the database's ctype
  is UTF-8 (with ctype C, pg_trgm extracts nothing from Japanese, see engineering notes §3 and
  :mod:`tsunagu.search.checks`).

Parameters are bound client-side (Django's default): server-side prepared statements made
PostgreSQL switch to generic plans and turned these searches into sequential scans.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce
from typing import Protocol

from django.db import connections
from django.db.models import Q

from .keys import gram_tokens, query_grams

PREFIX = "search_entry__"


class Backend(Protocol):
    def names_q(
        self, keys: list[str], municipality_ids: Iterable[int], prefix: str = PREFIX
    ) -> Q: ...


def _recheck(key: str, prefix: str) -> Q:
    return Q(**{f"{prefix}text__contains": key})


def _all_q(keys: list[str], municipality_ids: Iterable[int], prefix: str) -> Q:
    """Every key a substring of the text: one index lookup with the grams of all keys (the
    index intersects their posting lists), then one ``LIKE`` recheck per key."""
    condition = grams_q(keys, municipality_ids, prefix)
    for key in keys:
        condition &= _recheck(key, prefix)
    return condition


def grams_q(keys: list[str], municipality_ids: Iterable[int], prefix: str = PREFIX) -> Q:
    """Entries holding every gram of ``keys`` (the bigram index alone, without the recheck: a
    superset of the entries containing the keys, enough for blocking the duplicate check)."""
    grams = list(dict.fromkeys(gram for key in keys for gram in query_grams(key)))
    parts = [
        Q(**{f"{prefix}grams__has_all": gram_tokens(municipality_id, grams)})
        for municipality_id in municipality_ids
    ]
    return reduce(operator.or_, parts, Q(pk__in=[])) if len(parts) != 1 else parts[0]


class SQLiteBackend:
    def names_q(self, keys: list[str], municipality_ids: Iterable[int], prefix: str = PREFIX) -> Q:
        return _all_q(keys, municipality_ids, prefix)


class PostgreSQLBackend:
    """Bigram containment (tenant-prefixed tokens, GIN) plus the ``LIKE`` recheck.

    When pg_trgm is usable, the recheck ``text LIKE '%key%'`` can itself be answered by the
    trigram GIN index for keys of three or more characters; the planner picks whichever index
    is cheaper. Measured at 100,000 persons: relying on the trigram index alone lost the
    tenant restriction (the trigram index spans all municipalities) and the planner fell back
    to a sequential scan, so the tenant-prefixed bigram condition is always present.
    """

    def __init__(self, trigram: bool) -> None:
        self.trigram = trigram

    def names_q(self, keys: list[str], municipality_ids: Iterable[int], prefix: str = PREFIX) -> Q:
        return _all_q(keys, municipality_ids, prefix)


_TRIGRAM_READY: dict[str, bool] = {}


def trigram_ready(alias: str = "default") -> bool:
    """pg_trgm is installed, the database ctype is UTF-8 and the trigram index exists."""
    if alias not in _TRIGRAM_READY:
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = %s)"
                " AND (SELECT datctype FROM pg_database WHERE datname = current_database())"
                " NOT IN ('C', 'POSIX')",
                ["pse_text_trgm"],
            )
            _TRIGRAM_READY[alias] = bool(cursor.fetchone()[0])
    return _TRIGRAM_READY[alias]


def backend_for(alias: str = "default") -> Backend:
    vendor = connections[alias].vendor
    if vendor == "postgresql":
        return PostgreSQLBackend(trigram=trigram_ready(alias))
    if vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"person search supports SQLite and PostgreSQL, not {vendor}")
