"""The `<id:…>` path converter: a record id that fits the database's bigint.

Django's `<int:…>` accepts any number of digits; 99999999999999999999 then reached the
database and PostgreSQL answered with an error (a 500). An id outside 1 … 2**63 − 1 does not
match the route, so the URL answers 404 like any record that does not exist. Used by every
URL pattern and API path that takes an id.
"""

from __future__ import annotations

from django.urls.converters import IntConverter

from .validation.numbers import MAX_ID


class IdConverter(IntConverter):
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError("id out of range")  # no match: 404
        return number
