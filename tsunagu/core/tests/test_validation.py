"""The validators of tsunagu.core.validation, and the services calling them as the last check."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.concerns.services import submit_report
from tsunagu.contacts.services import log_contact, plan_visit
from tsunagu.core.validation import (
    MAX_ID,
    check_json,
    clean_birth,
    clean_choice,
    clean_contact_time,
    clean_id,
    clean_int,
    clean_model_text,
    clean_phone,
    clean_planned_date,
    clean_postal_code,
    clean_text,
)
from tsunagu.people.models import Person, Sex
from tsunagu.people.services import change_status, create_person, update_person

TODAY = datetime.date(2026, 6, 1)


def message(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def test_text_refuses_nul_and_lone_surrogates_and_checks_the_model_length():
    assert clean_text("  山田 ") == "山田"
    for bad in ("a\x00b", "a\ud800b", "\udfff"):
        with pytest.raises(ValidationError) as error:
            clean_text(bad, field="family_name")
        assert "使用できない文字" in message(error)
        assert error.value.message_dict.keys() == {"family_name"}
    assert clean_model_text(Person, "family_name", "山" * 60) == "山" * 60
    with pytest.raises(ValidationError, match="60文字以内"):
        clean_model_text(Person, "family_name", "山" * 61)
    with pytest.raises(ValidationError, match="10000文字以内"):
        clean_model_text(Person, "notes", "メ" * 10_001)  # a TextField: TEXT_MAX_LENGTH
    with pytest.raises(ValidationError, match="文字で入力"):
        clean_text(12)
    with pytest.raises(ValidationError, match="入力してください"):
        clean_text(" ", required=True)


def test_json_values_and_keys_are_checked_at_every_depth():
    assert check_json({"a": [1, {"b": "ok"}]}) == {"a": [1, {"b": "ok"}]}
    for bad in ({"a": ["x\x00"]}, {"k\ud800": 1}, [[{"deep": "\udc00"}]]):
        with pytest.raises(ValidationError):
            check_json(bad)
    nested: list = []
    for _ in range(30):
        nested = [nested]
    with pytest.raises(ValidationError, match="入れ子"):
        check_json(nested)


def test_integers_and_ids_are_range_checked():
    assert clean_id("42") == 42 and clean_id(MAX_ID) == MAX_ID
    for bad in (0, -1, MAX_ID + 1, 10**20, "1e3", "٣", True, 1.5):
        with pytest.raises(ValidationError):
            clean_id(bad)
    assert clean_int(None) is None and clean_int("", min_value=0) is None
    with pytest.raises(ValidationError, match="1440以下"):
        clean_int(1441, min_value=0, max_value=1440)


@pytest.mark.parametrize(
    ("text", "precision"),
    [("昭和60年", "year"), ("40代", "band"), ("40歳", "age"), ("S60.4.1", "day"),
     ("1985-04", "month"), ("大正元年", "year"), ("1900-01-01", "day"), ("不明", "unknown")],
)  # fmt: skip
def test_birth_accepts_partial_dates_wareki_and_ages(text, precision):
    assert clean_birth(text, today=TODAY).precision == precision


@pytest.mark.parametrize(
    "text", ["1899-12-31", "明治30年", "0001-01-01", "9999-12-31", "2026-06-02", "130歳", "令和9年"]
)
def test_birth_is_bounded_to_1900_until_today(text):
    with pytest.raises(ValidationError) as error:
        clean_birth(text, today=TODAY)
    assert error.value.message_dict.keys() == {"birth_date"}


def test_contact_time_from_the_records_beginning_to_one_day_ahead(settings):
    now = timezone.make_aware(datetime.datetime(2026, 6, 1, 12, 0))
    assert clean_contact_time("2026-06-02T11:00", now=now).tzinfo is not None
    assert clean_contact_time(datetime.datetime(1990, 1, 1), now=now)
    for bad in ("2026-06-02T13:00", "1989-12-31T23:59", "0001-01-01T00:00", "9999-12-31T00:00"):
        with pytest.raises(ValidationError):
            clean_contact_time(bad, now=now)
    settings.TSUNAGU_RECORDS_BEGIN = "1980-04-01"
    assert clean_contact_time("1985-01-01T10:00", now=now)
    with pytest.raises(ValidationError, match="1980年4月1日以降"):
        clean_contact_time("1980-03-31T10:00", now=now)


def test_planned_dates_are_bounded():
    assert clean_planned_date("2026-06-30", today=TODAY) == datetime.date(2026, 6, 30)
    assert clean_planned_date("令和8年7月1日", today=TODAY) == datetime.date(2026, 7, 1)
    assert clean_planned_date("", today=TODAY) is None
    for bad in ("9999-12-31", "0001-01-01", "2031-06-02"):
        with pytest.raises(ValidationError):
            clean_planned_date(bad, today=TODAY)


def test_codes():
    assert clean_phone("０４２－１２３－４５６７") == "+81421234567"
    assert clean_phone("") == ""
    with pytest.raises(ValidationError, match="電話番号"):
        clean_phone("12")
    assert clean_postal_code("〒192-0001") == "1920001"
    with pytest.raises(ValidationError, match="7桁"):
        clean_postal_code("192")
    assert clean_choice("male", Sex) == "male"
    with pytest.raises(ValidationError, match="「fax」は使えません"):
        clean_choice("fax", ["phone", "visit"], label="方法")


def test_huge_ids_match_no_route():
    assert resolve("/staff/cases/9223372036854775807/").kwargs == {"case_id": MAX_ID}
    for path in ("/staff/cases/9223372036854775808/", "/staff/cases/99999999999999999999/",
                 "/staff/cases/0/", "/api/v1/cases/99999999999999999999"):  # fmt: skip
        with pytest.raises(Resolver404):
            resolve(path)


def test_services_are_the_last_boundary(world):
    """A direct service call with bad input raises ValidationError, never a database error."""
    sup = world.user(Role.SUPERVISOR)
    home = world.home
    with pytest.raises(ValidationError) as error:
        create_person(sup, home.municipality, family_name="山" * 200)
    assert "family_name" in error.value.message_dict
    with pytest.raises(ValidationError):
        update_person(sup, home.person, notes="要\x00配慮")
    with pytest.raises(ValidationError):
        create_person(sup, home.municipality, family_name="山田", birth_text="9999-12-31")
    with pytest.raises(ValidationError) as error:
        log_contact(sup, home.case, channel="phone", reached="family",
                    occurred_at=datetime.datetime(1, 1, 1))  # fmt: skip
    assert "occurred_at" in error.value.message_dict
    with pytest.raises(ValidationError):
        log_contact(sup, home.case, channel="phone", reached="family",
                    occurred_at=timezone.now(), duration_minutes=10**20)  # fmt: skip
    with pytest.raises(ValidationError):
        plan_visit(sup, home.case, planned_for=datetime.datetime(9999, 12, 31))
    with pytest.raises(ValidationError):
        change_status(sup, home.case, "closed", closure_reason="other", reason="理\ud800由")
    with pytest.raises(ValidationError) as error:
        submit_report(world.user(Role.WELFARE_COMMISSIONER), home.municipality,
                      district="台" * 101, situation="心配")  # fmt: skip
    assert "district" in error.value.message_dict
    home.person.refresh_from_db()
    assert "\x00" not in home.person.notes


def test_the_save_guard_catches_what_a_service_forgot(world):
    person = Person.objects.unscoped("test").get(pk=world.home.person.pk)
    person.address = "住" * 201
    person.stated_age = 10**6
    with pytest.raises(ValidationError) as error:
        person.save()
    assert set(error.value.message_dict) == {"address", "stated_age"}
