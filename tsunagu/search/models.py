"""The person search index: one derived row per person, owned by this app.

The row holds only keys computed from the person (never shown); it is kept in step by signals
on ``people.Person`` (:mod:`tsunagu.search.index`). Substring search goes through ``grams``:

- PostgreSQL: a ``text[]`` column with a GIN index, queried with ``@>`` (containment);
- SQLite: a ``text`` column of space-separated tokens mirrored into an FTS5 table
  (``search_personsearchentry_fts``, created by migration 0001 only on SQLite, kept in step
  by triggers), queried with ``MATCH``.

Each token starts with the municipality id (:func:`tsunagu.search.keys.gram_token`), so the
index is partitioned by tenant like every composite B-tree here (municipality first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Lookup, Q
from django.utils.translation import gettext_lazy as _

from tsunagu.tenancy.scoping import NO_NEEDS, TenantOwned, scoped_through

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User

FTS_TABLE = "search_personsearchentry_fts"


class GramsField(models.Field):
    """A list of index tokens: ``text[]`` on PostgreSQL, space-separated ``text`` elsewhere."""

    description = "index tokens"

    def db_type(self, connection: Any) -> str:
        return "text[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[str]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        return value.split()

    def to_python(self, value: Any) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return value.split()
        return list(value)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        tokens = list(value or [])
        if connection.vendor == "postgresql":
            return tokens
        return " ".join(tokens)


@GramsField.register_lookup
class HasAll(Lookup):
    """``grams__has_all=[token, …]``: the row's tokens include every given token."""

    lookup_name = "has_all"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        raise NotImplementedError(f"has_all is not implemented for {connection.vendor}")

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::text[]", [*params, list(self.rhs)]

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        qn = compiler.quote_name_unless_alias
        match = " AND ".join(f'"{token}"' for token in self.rhs)
        subquery = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        sql = f"{qn(self.lhs.alias)}.{qn('id')} IN ({subquery})"
        return sql, [match]


class PersonSearchEntry(TenantOwned):
    """Search and matching keys of one person (derived; rebuilt from the person at any time)."""

    # No index leads with the municipality here: with one, PostgreSQL ANDs a bitmap of the whole
    # municipality (200,000 rows) into every search, because it cannot know that the
    # tenant-prefixed gram tokens already imply it (measured: 佐藤 at 1,000,000 persons 50 → 21 ms).
    # The key-first composite indexes below still serve every lookup together with the tenant.
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="自治体",
        db_index=False,
    )
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="search_entry"
    )
    name_key = models.CharField(max_length=240, blank=True)
    kana_key = models.CharField(max_length=240, blank=True)
    family_key = models.CharField(max_length=120, blank=True)
    family_kana = models.CharField(max_length=120, blank=True)
    text = models.TextField(blank=True)
    birth_date = models.DateField(null=True, blank=True)
    phone_digits = models.CharField(max_length=20, blank=True)
    address_key = models.CharField(max_length=200, blank=True)
    grams = GramsField(default=list, blank=True)

    SENSITIVITY = {
        "id": "O",
        "municipality": "O",
        "person": "P",
        "name_key": "P",
        "kana_key": "P",
        "family_key": "P",
        "family_kana": "P",
        "text": "P",
        "birth_date": "P",
        "phone_digits": "P",
        "address_key": "P",
        "grams": "P",
    }

    class Meta:
        verbose_name = _("本人の検索索引")
        verbose_name_plural = _("本人の検索索引")
        indexes = [
            models.Index(fields=["kana_key", "municipality"], name="pse_kana_muni"),
            models.Index(fields=["name_key", "municipality"], name="pse_name_muni"),
            models.Index(fields=["family_kana", "municipality"], name="pse_fkana_muni"),
            models.Index(fields=["family_key", "municipality"], name="pse_family_muni"),
            models.Index(fields=["birth_date", "municipality"], name="pse_birth_muni"),
            models.Index(fields=["phone_digits", "municipality"], name="pse_phone_muni"),
            # the duplicate check's "family name one kanji off, same given name and address"
            models.Index(fields=["address_key", "municipality"], name="pse_address_muni"),
        ]

    def __str__(self) -> str:
        return f"検索索引 #{self.pk}"

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """Exactly the entries of the persons this level may see."""
        from tsunagu.people.models import Person

        return scoped_through(Person, "person", level, user, membership, needs)
