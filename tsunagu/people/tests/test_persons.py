import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.jp.partial_dates import PartialDate
from tsunagu.people import services
from tsunagu.people.models import BirthPrecision, Person, Sex
from tsunagu.testing.audit import last_audit_id

TODAY = datetime.date(2026, 6, 1)


def test_create_person_normalises_furigana_phone_and_wareki_birth(world):
    person = services.create_person(
        world.user(Role.COUNSELLOR),
        world.home.municipality,
        family_name="山田",
        given_name="次郎",
        family_name_kana="やまだ",
        given_name_kana="ｼﾞﾛｳ",
        phone="０４２－６２６－３１１１",
        birth_text="昭和60年4月1日",
        sex=Sex.MALE,
        district="由木地区",
        contact_notes="平日18時以降のみ電話可。機関名を名乗らない。",
    )
    person.refresh_from_db()
    assert person.family_name_kana == "ヤマダ"
    assert person.given_name_kana == "ジロウ"
    assert person.phone == "+81426263111"
    assert person.birth_date == datetime.date(1985, 4, 1)
    assert person.birth_date_precision == BirthPrecision.DAY
    assert person.get_sex_display() == "男"


@pytest.mark.parametrize(
    ("text", "precision", "birth_date", "display"),
    [
        ("昭和60年", "year", datetime.date(1985, 1, 1), "昭和60年（1985年）"),
        ("S60.3", "month", datetime.date(1985, 3, 1), "昭和60年3月（1985年）"),
        ("40代", "band", None, "40代（2026年6月1日時点）"),
        ("42歳", "age", None, "42歳（2026年6月1日時点）"),
        ("不明", "unknown", None, "不明"),
    ],
)
def test_partial_birth_dates_round_trip(world, text, precision, birth_date, display):
    values = services.clean_person_fields({"birth_text": text}, TODAY)
    person = Person(municipality=world.home.municipality, **values)
    assert person.birth_date_precision == precision
    assert person.birth_date == birth_date
    assert person.birth_display == display
    other = Person(municipality=world.home.municipality)
    other.set_birth(person.birth)
    assert other.birth == person.birth


def test_age_on_is_the_certain_lower_bound(world):
    person = Person(municipality=world.home.municipality)
    person.set_birth(PartialDate(1985))
    assert person.age_on(datetime.date(2026, 1, 1)) == 40  # born 31 Dec 1985 at the latest
    assert person.age_on(datetime.date(2025, 12, 31)) == 40
    person.set_birth(PartialDate(age_band=40, age_as_of=datetime.date(2024, 4, 1)))
    assert person.age_on(datetime.date(2026, 4, 1)) == 42
    person.set_birth(PartialDate())
    assert person.age_on(TODAY) is None


def test_invalid_input_gives_japanese_errors(world):
    with pytest.raises(ValidationError) as caught:
        services.create_person(
            world.user(Role.COUNSELLOR),
            world.home.municipality,
            family_name_kana="Yamada",
            phone="12",
            birth_text="平成32年",
        )
    errors = caught.value.message_dict
    assert "フリガナ" in errors["family_name_kana"][0]
    assert "電話番号" in errors["phone"][0]
    assert "平成" in errors["birth_date"][0]


def test_existing_rows_with_a_birth_date_are_day_precision(world):
    assert world.home.person.birth_date_precision == BirthPrecision.DAY


def test_update_person_checks_permission_and_scope(world):
    person = world.home.person
    with pytest.raises(PermissionDenied):
        services.update_person(world.user(Role.AGENCY_STAFF), person, nickname="x")
    with pytest.raises(PermissionDenied):  # a window user not on the other case
        services.update_person(world.user(Role.COUNSELLOR), world.home.other_person, nickname="x")
    with pytest.raises(PermissionDenied):
        services.update_person(world.away.users[Role.SUPERVISOR], person, nickname="x")
    before = last_audit_id()
    updated = services.update_person(
        world.user(Role.COUNSELLOR), person, nickname="たろ", phone="090-1234-5678"
    )
    assert updated.phone == "+819012345678"
    event = AuditEvent.objects.filter(pk__gt=before, action="update").get()
    assert event.changed_fields == ["nickname", "phone"]
    assert "たろ" not in str(event.extra)


def test_update_person_rejects_unknown_fields(world):
    with pytest.raises(TypeError):
        services.update_person(world.user(Role.COUNSELLOR), world.home.person, notes_x="x")
