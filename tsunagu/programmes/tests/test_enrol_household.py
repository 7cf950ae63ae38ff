"""Enrolling a household member of a person (staff who may see the case), on the page and through
the API; an organisation's account enrols by name only and never sees case data."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.people.models import Relation as Kinship
from tsunagu.programmes.models import Audience, Participant, Relation
from tsunagu.testing.api import bearer, field_errors
from tsunagu.testing.people import make_case, make_household, make_person

from .conftest import make_programme


@pytest.fixture
def family_class(world):
    return make_programme(world.home, "family-class", audience=Audience.FAMILY, capacity=None)


@pytest.fixture
def mother(world):
    _household, (mother, _father) = make_household(
        world.home.person,
        [
            {
                "relation": Kinship.MOTHER,
                "name": "山田花子",
                "age": 74,
                "age_as_of": datetime.date(2026, 4, 1),
            },
            {"relation": Kinship.FATHER, "age": 77},
        ],
    )
    return mother


@pytest.fixture
def neighbour(world):
    """Another person whose case the counsellor's window holds (no household recorded)."""
    person = make_person(world.home.municipality, given_name="次郎", given_name_kana="ジロウ")
    make_case(person, world.home.window)
    return person


def test_staff_pick_a_household_member_of_the_person(world, login, family_class, mother):
    client = login(world.user(Role.COUNSELLOR))
    url = f"/staff/programmes/{family_class.pk}/participants/"
    shown = client.post(url, {"person_id": world.home.person.pk, "lookup": "1"})
    assert shown.status_code == 200 and "山田花子" in shown.text
    assert f'value="{mother.pk}"' in shown.text and 'name="household_member"' in shown.text
    assert AuditEvent.objects.filter(extra__page="programme_enrol").exists()
    # straight from a person's record: ?person=
    assert "山田花子" in client.get(f"{url}?person={world.home.person.pk}").text
    response = client.post(
        url,
        {
            "person_id": world.home.person.pk,
            "household_member": mother.pk,
            "relation": "family",
            "is_resident": "on",
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.unscoped("test").get()
    assert participant.household_member == mother and participant.person == world.home.person
    assert participant.relation == Relation.FAMILY and participant.name == "山田花子"
    assert participant.age is not None and participant.age >= 74


def test_a_member_of_another_household_cannot_be_picked(
    world, login, family_class, mother, neighbour
):
    client = login(world.user(Role.COUNSELLOR))
    response = client.post(
        f"/staff/programmes/{family_class.pk}/participants/",
        {
            "person_id": neighbour.pk,
            "household_member": mother.pk,
            "relation": "family",
            "name": "誰か",
        },
    )
    assert response.status_code == 200 and not Participant.objects.unscoped("test").exists()
    assert "選べない値です" in response.text


def test_an_organisation_enrols_by_name_only(world, login, org_programme, mother):
    client = login(world.user(Role.PUBLICITY))
    url = f"/staff/programmes/{org_programme.pk}/participants/"
    page = client.get(f"{url}?person={world.home.person.pk}")
    assert page.status_code == 200
    assert "本人記録の番号" not in page.text and "山田花子" not in page.text
    refused = client.post(
        url, {"name": "会員B", "relation": "family", "person_id": world.home.person.pk}
    )
    assert refused.status_code == 200 and not Participant.objects.unscoped("test").exists()
    assert "結びつけられません" in refused.text
    client.post(url, {"name": "会員B", "relation": "family", "is_resident": "on"})
    member = Participant.objects.unscoped("test").get()
    assert member.person is None and member.household_member is None


def test_api_enrols_a_household_member(world, family_class, mother, neighbour):
    url = f"/api/v1/programmes/{family_class.pk}/participants"

    def post(user, body):
        return Client().post(url, json.dumps(body), content_type="application/json", **bearer(user))

    body = {
        "name": "母",
        "relation": "family",
        "person_id": world.home.person.pk,
        "household_member_id": mother.pk,
    }
    created = post(world.user(Role.COUNSELLOR), body)
    assert created.status_code == 201, created.content
    assert Participant.objects.unscoped("test").get().household_member == mother
    wrong = post(world.user(Role.COUNSELLOR), {**body, "person_id": neighbour.pk})
    assert wrong.status_code == 422 and "household_member" in field_errors(wrong)
