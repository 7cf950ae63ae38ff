"""Recompute the stored name keys: long vowels are now spelled out (ヨーコ = ヨウコ, オータ = オオタ).

Touches only the rows whose keys change (names with ー, おお or ええ, and a given name whose key
changes after the family name). Entries are updated in place, so on SQLite the FTS triggers
follow; on PostgreSQL run ``VACUUM (ANALYZE) search_personsearchentry`` afterwards on a large
database (``tsunagu rebuild-search-index`` does the same job from scratch).
"""

from django.db import migrations

BATCH = 2000
ENTRY_FIELDS = ["name_key", "kana_key", "family_key", "family_kana", "text", "grams"]


def recompute(apps, schema_editor):
    from tsunagu.jp.names import full_name_key, kana_key
    from tsunagu.search.keys import entry_keys, gram_tokens

    Person = apps.get_model("people", "Person")
    Entry = apps.get_model("search", "PersonSearchEntry")
    last = 0
    while batch := list(Person.objects.filter(pk__gt=last).order_by("pk")[:BATCH]):
        last = batch[-1].pk
        changed_persons = []
        for p in batch:
            name, kana = full_name_key(p.family_name, p.given_name), kana_key(
                p.family_name_kana + p.given_name_kana
            )
            if (p.name_key, p.kana_key) != (name, kana):
                p.name_key, p.kana_key = name, kana
                changed_persons.append(p)
        Person.objects.bulk_update(changed_persons, ["name_key", "kana_key"])
        by_person = {p.pk: p for p in batch}
        changed_entries = []
        for entry in Entry.objects.filter(person_id__in=list(by_person)):
            p = by_person[entry.person_id]
            k = entry_keys(
                family_name=p.family_name, given_name=p.given_name,
                family_name_kana=p.family_name_kana, given_name_kana=p.given_name_kana,
                nickname=p.nickname,
            )  # fmt: skip
            values = {
                "name_key": k.name_key, "kana_key": k.kana_key, "family_key": k.family_key,
                "family_kana": k.family_kana, "text": k.text,
                "grams": gram_tokens(entry.municipality_id, k.grams),
            }  # fmt: skip
            if any(getattr(entry, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(entry, f, v)
                changed_entries.append(entry)
        Entry.objects.bulk_update(changed_entries, ENTRY_FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_key_first_indexes"),
        ("people", "0003_access_grants"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
