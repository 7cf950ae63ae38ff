"""Narrow rows for pages that only name a related record (``QuerySet.defer()`` lists)."""

from collections.abc import Iterable

from django.db import models


def columns_besides(model: type[models.Model], keep: Iterable[str], *relations: str) -> list[str]:
    """The ``relation__field`` names of every concrete field of ``model`` not in ``keep``,
    for each select_related ``relation``: pass them to ``defer()`` so a page that shows only
    a related record's name does not compile, read and convert its other columns (a deferred
    field read later costs a query, which the pages' query counts would show)."""
    kept = set(keep)
    names = [f.name for f in model._meta.concrete_fields if f.name not in kept]
    return [f"{relation}__{name}" for relation in relations for name in names]
