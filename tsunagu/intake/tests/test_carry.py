"""The intake carries into the case: person fields and household, proposed updates on linking,
the explicit window decision, the duplicate confirmation and the routed-away page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.intake import services
from tsunagu.people.models import HouseholdMember
from tsunagu.testing.intake import decide_window, received, take_intake

MOTHERS_CALL = {
    "channel": "phone",
    "consulter_relation": "mother",
    "summary": "52歳の息子が20年近く家にこもっている。",
    "person_nickname": "けんちゃん",
    "person_sex": "male",
    "person_birth_date": "52歳",
    "person_district": "多摩平",
    "person_address": "日野市多摩平1-2-3",
    "person_phone": "042-500-1234",
    "household_members": [
        {"relation": "mother", "age": 78, "living": "together", "care_level": "support"},
        {"relation": "father", "age": 80, "living": "apart", "health": "deceased"},
    ],
}


def test_the_mothers_call_becomes_a_person_with_household_and_8050(world, sheet, login):
    reception = world.user(Role.RECEPTION)
    intake = take_intake(reception, world.home, answers=MOTHERS_CALL)
    decide_window(reception, intake)
    services.create_person_for_intake(reception, intake)
    intake.refresh_from_db()
    person = intake.person
    assert person.sex == "male" and person.district == "多摩平"
    assert person.address == "日野市多摩平1-2-3" and person.phone == "+81425001234"
    assert (person.birth_date_precision, person.stated_age) == ("age", 52)
    assert person.age_as_of == received().date()
    members = {
        m.relation: m
        for m in HouseholdMember.objects.visible_to(reception, Action.VIEW_PERSON).filter(
            household__person=person
        )
    }
    mother, father = members["mother"], members["father"]
    assert (mother.age, mother.living_together, mother.age_as_of) == (78, True, received().date())
    assert "要支援" in mother.health_note and mother.care_level == "unknown"
    assert not father.living_together and "死亡" in father.health_note
    client = login(Role.RECEPTION)
    page = client.get(f"/staff/cases/{intake.case_id}/").content.decode()
    assert "8050" in page
    assert f'href="/staff/intake/{intake.pk}/"' in page  # the case links to its intake
    detail = client.get(f"/staff/intake/{intake.pk}/").content.decode()
    assert f'href="/staff/cases/{intake.case_id}/"' in detail  # and the intake to its case
    assert intake.case.window == world.home.window


def test_next_step_shows_what_will_be_carried(world, sheet, login):
    reception = world.user(Role.RECEPTION)
    intake = take_intake(reception, world.home, answers=MOTHERS_CALL)
    page = login(Role.RECEPTION).get(f"/staff/intake/{intake.pk}/next/").content.decode()
    assert "52歳" in page and "多摩平" in page and "男" in page
    assert "母 78歳 同居" in page


def test_linking_offers_the_intakes_facts_as_updates(world, sheet, login):
    counsellor = world.user(Role.COUNSELLOR)
    person = world.home.person
    answers = {
        **MOTHERS_CALL,
        "person_family_name": person.family_name,
        "person_given_name": person.given_name,
        "person_birth_date": "S60.4.1",
    }
    intake = take_intake(counsellor, world.home, answers=answers)
    decide_window(counsellor, intake)
    client = login(Role.COUNSELLOR)
    page = client.get(f"/staff/intake/{intake.pk}/link/?person_id={person.pk}").content.decode()
    assert 'value="district"' in page and 'value="member-0"' in page and "多摩平" in page
    assert 'value="family_name"' not in page  # the same as recorded: nothing to offer
    response = client.post(
        f"/staff/intake/{intake.pk}/link/",
        {"person_id": person.pk, "apply": ["district", "member-0"]},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.district == "多摩平" and person.address != "日野市多摩平1-2-3"
    relations = list(
        HouseholdMember.objects.visible_to(counsellor, Action.VIEW_PERSON)
        .filter(household__person=person)
        .values_list("relation", flat=True)
    )
    assert relations.count("mother") == 1 and "father" not in relations
    assert AuditEvent.objects.filter(object_type="people.person", object_id=str(person.pk))


def test_a_refused_link_applies_no_update(world, sheet):
    counsellor = world.user(Role.COUNSELLOR)
    person = world.home.person
    intake = take_intake(counsellor, world.home, answers=MOTHERS_CALL)  # no window decided
    with pytest.raises(ValidationError):
        services.link_person(counsellor, intake, person, apply=["district"])
    person.refresh_from_db()
    assert person.district != "多摩平"


def test_new_person_despite_candidates_needs_the_confirmation(world, sheet, login):
    counsellor = world.user(Role.COUNSELLOR)
    person = world.home.person
    answers = {
        **MOTHERS_CALL,
        "person_family_name": person.family_name,
        "person_given_name": person.given_name,
    }
    intake = take_intake(counsellor, world.home, answers=answers)
    decide_window(counsellor, intake)
    client = login(Role.COUNSELLOR)
    page = client.get(f"/staff/intake/{intake.pk}/next/").content.decode()
    assert 'name="confirmed_new"' in page
    response = client.post(f"/staff/intake/{intake.pk}/create-person/")
    intake.refresh_from_db()
    assert intake.case_id is None
    assert "候補のいずれも本人ではない" in client.get(response["Location"]).content.decode()
    client.post(f"/staff/intake/{intake.pk}/create-person/", {"confirmed_new": "1"})
    intake.refresh_from_db()
    assert intake.case_id is not None and intake.person_id != person.pk


def test_routing_out_of_sight_ends_on_a_page_naming_the_window(world, sheet, login):
    reception = world.user(Role.RECEPTION)  # window staff of はちまる
    teen = {**MOTHERS_CALL, "person_birth_date": "16歳", "household_members": []}
    intake = take_intake(reception, world.home, answers=teen)
    client = login(Role.RECEPTION)
    other = world.home.other_window
    client.post(f"/staff/intake/{intake.pk}/route/", {"window": other.pk})
    response = client.post(f"/staff/intake/{intake.pk}/create-person/")
    intake.refresh_from_db()
    assert intake.case.window == other  # opened at くにサポ's counterpart, out of her sight
    assert response.status_code == 302 and response["Location"] == "/staff/intake/routed/"
    assert client.get(f"/staff/cases/{intake.case_id}/").status_code == 404
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200 and other.name in body and intake.number in body
    assert "けんちゃん" not in body and "多摩平" not in body  # the fact and the window only


def test_age_of_the_household_is_as_of_the_call(world, sheet):
    reception = world.user(Role.RECEPTION)
    intake = take_intake(reception, world.home, answers=MOTHERS_CALL)
    decide_window(reception, intake)
    services.create_person_for_intake(reception, intake)
    intake.refresh_from_db()
    later = received().date() + datetime.timedelta(days=366 * 2)
    assert intake.person.age_on(later) == 54


def test_routing_an_intake_out_of_sight_says_where_it_went(world, sheet, login):
    counsellor = world.user(Role.COUNSELLOR)  # took the call; reception routes it
    teen = {**MOTHERS_CALL, "person_birth_date": "16歳", "household_members": []}
    intake = take_intake(counsellor, world.home, answers=teen)
    client = login(Role.RECEPTION)
    other = world.home.other_window
    response = client.post(f"/staff/intake/{intake.pk}/route/", {"window": other.pk})
    assert response.status_code == 302 and response["Location"] == "/staff/intake/routed/"
    assert other.name in client.get(response["Location"]).content.decode()
    assert client.get(f"/staff/intake/{intake.pk}/").status_code == 404


def test_an_answer_the_record_cannot_store_stays_on_the_sheet(world, sheet):
    reception = world.user(Role.RECEPTION)
    answers = {**MOTHERS_CALL, "person_phone": "夜だけ出る（番号は母が知っている）"}
    intake = take_intake(reception, world.home, answers=answers)
    decide_window(reception, intake)
    services.create_person_for_intake(reception, intake)
    intake.refresh_from_db()
    assert intake.person.phone == "" and intake.person.district == "多摩平"
    assert intake.answers["person_phone"].startswith("夜だけ")


def test_link_refuses_updates_it_does_not_offer(world, sheet):
    counsellor = world.user(Role.COUNSELLOR)
    intake = take_intake(counsellor, world.home, answers=MOTHERS_CALL)
    decide_window(counsellor, intake)
    with pytest.raises(ValidationError):
        services.link_person(counsellor, intake, world.home.person, apply=["notes", "member-9"])
    intake.refresh_from_db()
    assert intake.case_id is None
