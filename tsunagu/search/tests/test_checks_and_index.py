"""The ctype system check, query parsing and the index rebuild command."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from tsunagu.accounts.roles import Role
from tsunagu.people.models import Person
from tsunagu.search import checks
from tsunagu.search.keys import parse_query, phone_digits
from tsunagu.search.models import PersonSearchEntry
from tsunagu.search.services import search_persons


@pytest.mark.django_db
def test_ctype_check(monkeypatch):
    monkeypatch.setattr(checks, "database_ctype", lambda alias: "C")
    errors = checks.check_database_ctype(databases=["default"])
    assert [e.id for e in errors] == ["tsunagu.search.E001"]
    assert "LC_CTYPE" in errors[0].msg
    monkeypatch.setattr(checks, "database_ctype", lambda alias: "C.UTF-8")
    assert checks.check_database_ctype(databases=["default"]) == []


@pytest.mark.django_db
def test_real_database_passes_the_check():
    assert checks.check_database_ctype(databases=["default"]) == []
    if connection.vendor == "postgresql":
        assert checks.database_ctype().upper() not in ("C", "POSIX")


@pytest.mark.parametrize(
    ("text", "names", "dates", "phones"),
    [
        ("山田", ["山田"], [], []),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", ["やまだ", "たろう"], [], []),
        ("S60.4.1", [], [datetime.date(1985, 4, 1)], []),
        ("昭和60年 4月 1日", [], [datetime.date(1985, 4, 1)], []),
        ("H元.1.8", [], [datetime.date(1989, 1, 8)], []),
        ("042 600 0000", [], [], ["0426000000"]),
        ("山田 1985-04-01", ["山田"], [datetime.date(1985, 4, 1)], []),
        ("1985", [], [], []),  # a birth year
        ("斉藤みさき", ["斉藤", "みさき"], [], []),  # kanji and kana matched piece by piece
        ("ヨーコ", ["ようこ"], [], []),
    ],
)
def test_parse_query(text, names, dates, phones):
    query = parse_query(text)
    assert (query.names, query.birth_dates, query.phones) == (names, dates, phones)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("昭和60年", datetime.date(1985, 1, 1), datetime.date(1985, 12, 31)),
        ("S60", datetime.date(1985, 1, 1), datetime.date(1985, 12, 31)),
        ("1985年", datetime.date(1985, 1, 1), datetime.date(1985, 12, 31)),
        ("H元", datetime.date(1989, 1, 1), datetime.date(1989, 12, 31)),
        ("S60.4", datetime.date(1985, 4, 1), datetime.date(1985, 4, 30)),
    ],
)
def test_parse_query_birth_year_or_month(text, first, last):
    query = parse_query(f"山田 {text}")
    assert query.names == ["山田"] and query.birth_ranges == [(first, last)]
    assert parse_query(text).birth_ranges == [(first, last)]


def test_parse_query_no_birth_range_from_ages_or_future_years():
    for text in ("40歳", "40代", "2999年", "12"):
        assert parse_query(text).birth_ranges == []


def test_phone_digits():
    assert phone_digits("+81426000000") == "0426000000"
    assert phone_digits("０９０－１２３４－５６７８") == "09012345678"
    assert phone_digits("") == ""


def test_rebuild_command_restores_the_index(world):
    PersonSearchEntry._base_manager.all().delete()
    sup = world.user(Role.SUPERVISOR)
    assert search_persons(sup, "山田").items == []
    call_command("rebuild-search-index", batch_size=1, verbosity=0)
    assert [p.pk for p in search_persons(sup, "やまだ").items] == [world.home.person.pk]
    assert PersonSearchEntry.objects.unscoped("test").count() == 3


@pytest.mark.django_db(transaction=True)  # CLUSTER refuses rows with pending FK checks
def test_cluster_orders_the_index_by_reading(world, capsys):
    sup = world.user(Role.SUPERVISOR)
    before = [p.pk for p in search_persons(sup, "山田").items]
    call_command("rebuild-search-index", cluster_only=True)
    out = capsys.readouterr().out
    if connection.vendor == "postgresql":
        assert "clustered=1" in out
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indisclustered FROM pg_index WHERE indexrelid = 'pse_kana_muni'::regclass"
            )
            assert cursor.fetchone()[0] is True
    else:
        assert "clustered=0" in out
    # clustering moves rows, never changes results
    assert [p.pk for p in search_persons(sup, "山田").items] == before
    assert PersonSearchEntry.objects.unscoped("test").count() > 0


def test_migration_recomputes_keys_stored_before_the_long_vowel_fold(world):
    from importlib import import_module

    from django.db.migrations.loader import MigrationLoader

    migration = import_module("tsunagu.search.migrations.0003_long_vowel_keys")
    state = MigrationLoader(connection).project_state(("search", "0003_long_vowel_keys"))
    person = Person.objects.create(
        municipality=world.home.municipality, family_name="大野", given_name="陽子",
        family_name_kana="オオノ", given_name_kana="ヨーコ",
    )  # fmt: skip
    entries = PersonSearchEntry._base_manager.filter(person_id=person.pk)
    fresh = entries.values("name_key", "kana_key", "text", "grams").get()
    entries.update(
        kana_key="おおのよーこ", text="大野陽子 おおのよーこ", grams=[]
    )  # as stored before
    Person.objects.unscoped("test").filter(pk=person.pk).update(kana_key="おおのよーこ")
    sup = world.user(Role.SUPERVISOR)
    assert search_persons(sup, "ヨウコ").items == []
    migration.recompute(state.apps, None)
    assert entries.values("name_key", "kana_key", "text", "grams").get() == fresh
    assert Person.objects.unscoped("test").get(pk=person.pk).kana_key == "おうのようこ"
    assert search_persons(sup, "ヨウコ").items == [person]
