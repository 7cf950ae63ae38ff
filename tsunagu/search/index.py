"""Keeping the search index in step with ``people.Person``.

The entry is derived data: the person write that caused it is already in the audit log, so
entries are written through the model's base manager (plain SQL, no per-row audit event).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tsunagu.people.models import Person

from .keys import EntryKeys, gram_tokens, person_keys
from .models import FTS_TABLE, PersonSearchEntry

ENTRY_FIELDS = [
    "municipality_id", "name_key", "kana_key", "family_key", "family_kana", "text",
    "birth_date", "phone_digits", "address_key", "grams",
]  # fmt: skip


def entry_values(municipality_id: int, keys: EntryKeys) -> dict[str, Any]:
    return {
        "municipality_id": municipality_id,
        "name_key": keys.name_key,
        "kana_key": keys.kana_key,
        "family_key": keys.family_key,
        "family_kana": keys.family_kana,
        "text": keys.text,
        "birth_date": keys.birth_date,
        "phone_digits": keys.phone_digits,
        "address_key": keys.address_key,
        "grams": gram_tokens(municipality_id, keys.grams),
    }


def build_entry(person: Person) -> PersonSearchEntry:
    values = entry_values(person.municipality_id, person_keys(person))
    return PersonSearchEntry(person_id=person.pk, **values)


def sync_person(person: Person) -> None:
    """Create or refresh the entry of one person. A person absorbed by a merge has none: it is
    found only as the person it was merged into (and gets its entry back if the merge is undone).
    """
    manager = PersonSearchEntry._base_manager
    if getattr(person, "merged_into_id", None):
        manager.filter(person_id=person.pk).delete()
        return
    values = entry_values(person.municipality_id, person_keys(person))
    if not manager.filter(person_id=person.pk).update(**values):
        manager.bulk_create([PersonSearchEntry(person_id=person.pk, **values)])


@receiver(post_save, sender=Person, dispatch_uid="search-index-person-saved")
def _person_saved(sender: type, instance: Person, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        sync_person(instance)


@receiver(post_delete, sender=Person, dispatch_uid="search-index-person-deleted")
def _person_deleted(sender: type, instance: Person, **kwargs: Any) -> None:
    PersonSearchEntry._base_manager.filter(person_id=instance.pk).delete()


def rebuild(
    batch_size: int = 2000,
    municipality_ids: Iterable[int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """(Re)build the entries of all persons, in batches of primary keys; returns the count.

    Each batch deletes and re-inserts its entries in one transaction. On PostgreSQL, run
    ``VACUUM (ANALYZE)`` on the table afterwards (the command does): a mass rewrite leaves
    bloat that slowed the 2-character search down measurably (engineering notes §3.5).
    """
    persons = Person.objects.unscoped("search index rebuild (derived keys of every person)")
    if municipality_ids is not None:
        persons = persons.filter(municipality_id__in=list(municipality_ids))
    fields = [
        "pk", "municipality_id", "family_name", "given_name", "family_name_kana",
        "given_name_kana", "nickname", "birth_date", "phone", "address", "merged_into",
    ]  # fmt: skip
    done, last_pk = 0, 0
    while True:
        batch = list(persons.filter(pk__gt=last_pk).order_by("pk").only(*fields[1:])[:batch_size])
        if not batch:
            break
        with transaction.atomic():
            ids = [p.pk for p in batch]
            PersonSearchEntry._base_manager.filter(person_id__in=ids).delete()
            PersonSearchEntry._base_manager.bulk_create(
                [build_entry(p) for p in batch if not getattr(p, "merged_into_id", None)]
            )
        done += len(batch)
        last_pk = batch[-1].pk
        if progress is not None:
            progress(done)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608
    return done


def vacuum_analyze() -> None:
    if connection.vendor == "postgresql":
        table = PersonSearchEntry._meta.db_table
        # VACUUM cannot run inside a transaction (e.g. a test); ANALYZE alone can.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {table}")


CLUSTER_INDEX = "pse_kana_muni"


def cluster_by_reading() -> bool:
    """PostgreSQL: rewrite the entry table in reading order (CLUSTER) and analyze it.

    The entries of one reading (all サトウ of a city) then share a few hundred pages instead of
    one page each: at 1,000,000 persons the search for 佐藤 went from 18 to 10 ms of SQL, and the
    table stays marked, so a plain ``CLUSTER`` keeps it that way. CLUSTER locks the table while
    it runs (about 35 s at 1,000,000 persons): run it in the nightly maintenance window.
    Returns False (nothing to do) on SQLite.
    """
    if connection.vendor != "postgresql":
        return False
    table = PersonSearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"CLUSTER {table} USING {CLUSTER_INDEX}")
        cursor.execute(f"ANALYZE {table}")
    return True
