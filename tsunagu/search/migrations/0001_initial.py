"""The person search index, plus the vendor-specific parts that Django models cannot express.

SQLite: an FTS5 table over the app-made bigram tokens of ``grams`` (external content, kept in
step by triggers). Note for later migrations of this table on SQLite: Django rebuilds a table
to alter it, which drops these triggers; re-run ``forwards_sqlite`` (or ``tsunagu
rebuild-search-index``) in such a migration.

PostgreSQL: GIN on the ``text[]`` bigram column; pg_trgm GIN on ``text`` when the database's
LC_CTYPE is UTF-8 (with C/POSIX pg_trgm indexes nothing of Japanese; the system check
tsunagu.search.E001 reports it).
"""

import django.db.models.deletion
import tsunagu.search.models
from django.db import migrations, models



FTS = "search_personsearchentry_fts"
TABLE = "search_personsearchentry"

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(grams, content='{TABLE}', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 0', detail='none')",
    f"CREATE TRIGGER {TABLE}_ai AFTER INSERT ON {TABLE} BEGIN"
    f" INSERT INTO {FTS}(rowid, grams) VALUES (new.id, new.grams); END",
    f"CREATE TRIGGER {TABLE}_ad AFTER DELETE ON {TABLE} BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, grams) VALUES ('delete', old.id, old.grams); END",
    f"CREATE TRIGGER {TABLE}_au AFTER UPDATE ON {TABLE} BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, grams) VALUES ('delete', old.id, old.grams);"
    f" INSERT INTO {FTS}(rowid, grams) VALUES (new.id, new.grams); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS}",
]
PG_FORWARD = [f"CREATE INDEX pse_grams_gin ON {TABLE} USING gin (grams)"]
PG_TRGM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX pse_text_trgm ON {TABLE} USING gin (text gin_trgm_ops)",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS pse_text_trgm", "DROP INDEX IF EXISTS pse_grams_gin"]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _run(schema_editor, PG_FORWARD)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
            ctype = cursor.fetchone()[0]
        if ctype.upper() not in ("C", "POSIX"):
            _run(schema_editor, PG_TRGM)


def backfill(apps, schema_editor):
    """Index the persons that exist already (later writes are indexed by signals)."""
    from tsunagu.search.keys import entry_keys, gram_tokens

    Person = apps.get_model("people", "Person")
    Entry = apps.get_model("search", "PersonSearchEntry")
    last = 0
    while batch := list(Person.objects.filter(pk__gt=last).order_by("pk")[:2000]):
        entries = []
        for p in batch:
            k = entry_keys(
                family_name=p.family_name, given_name=p.given_name,
                family_name_kana=p.family_name_kana, given_name_kana=p.given_name_kana,
                nickname=p.nickname, birth_date=p.birth_date, phone=p.phone, address=p.address,
            )
            entries.append(Entry(
                person_id=p.pk, municipality_id=p.municipality_id, name_key=k.name_key,
                kana_key=k.kana_key, family_key=k.family_key, family_kana=k.family_kana,
                text=k.text, birth_date=k.birth_date, phone_digits=k.phone_digits,
                address_key=k.address_key, grams=gram_tokens(p.municipality_id, k.grams),
            ))
        Entry.objects.bulk_create(entries)
        last = batch[-1].pk


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)
    elif vendor == "postgresql":
        _run(schema_editor, PG_BACKWARD)

class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('people', '0001_initial'),
        ('tenancy', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonSearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name_key', models.CharField(blank=True, max_length=240)),
                ('kana_key', models.CharField(blank=True, max_length=240)),
                ('family_key', models.CharField(blank=True, max_length=120)),
                ('family_kana', models.CharField(blank=True, max_length=120)),
                ('text', models.TextField(blank=True)),
                ('birth_date', models.DateField(blank=True, null=True)),
                ('phone_digits', models.CharField(blank=True, max_length=20)),
                ('address_key', models.CharField(blank=True, max_length=200)),
                ('grams', tsunagu.search.models.GramsField(blank=True, default=list)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.municipality', verbose_name='自治体')),
                ('person', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='search_entry', to='people.person')),
            ],
            options={
                'verbose_name': '本人の検索索引',
                'verbose_name_plural': '本人の検索索引',
                'indexes': [models.Index(fields=['municipality', 'kana_key'], name='pse_muni_kana'), models.Index(fields=['municipality', 'name_key'], name='pse_muni_name'), models.Index(fields=['municipality', 'family_kana'], name='pse_muni_fkana'), models.Index(fields=['municipality', 'family_key'], name='pse_muni_family'), models.Index(fields=['municipality', 'birth_date'], name='pse_muni_birth'), models.Index(fields=['municipality', 'phone_digits'], name='pse_muni_phone')],
            },
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
