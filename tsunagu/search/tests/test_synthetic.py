"""The synthetic generator: deterministic, the requested counts, planted variants recorded."""

import json

from django.core.management import call_command

from tsunagu.people.models import Case, Household, HouseholdMember, Person
from tsunagu.search.models import PersonSearchEntry
from tsunagu.search.services import search_persons
from tsunagu.search.synthetic.data import SURNAMES
from tsunagu.search.synthetic.people import persons, plant

PAIRS = [("132012", "八王子市"), ("132098", "町田市")]


def test_same_seed_same_data_other_seed_other_data():
    first, again = list(persons(5, 300, PAIRS)), list(persons(5, 300, PAIRS))
    assert first == again
    assert first != list(persons(6, 300, PAIRS))
    assert plant(5, first, 0.2) == plant(5, again, 0.2)
    assert len(SURNAMES) >= 180
    assert {p.municipality for p in first} == {"132012", "132098"}
    assert any(
        p.family_name in ("髙橋", "齋藤", "齊藤", "渡邊", "渡邉", "山﨑")
        for p in persons(1, 3000, PAIRS)
    )


def test_command_counts_planted_file_and_index(world, tmp_path):
    planted = tmp_path / "planted.jsonl"
    before = Person.objects.unscoped("test").count()
    call_command(
        "generate-synthetic",
        persons=400,
        contacts=50,
        seed=3,
        plant_rate=0.05,
        planted_file=str(planted),
        municipalities="132012,132098",
        verbosity=0,
    )
    lines = [json.loads(line) for line in planted.read_text().splitlines()]
    made = Person.objects.unscoped("test").count() - before
    assert made == 400 + len(lines) and len(lines) > 5
    assert {line["kind"] for line in lines} <= {"kana", "itaiji", "wareki", "no_given"}
    assert PersonSearchEntry.objects.unscoped("test").count() == made + before
    assert Case.objects.unscoped("test").count() >= made
    houses = Household.objects.unscoped("test").filter(person__in=Person.objects.unscoped("test"))
    assert 0.4 * 400 < houses.count() < 0.8 * 400
    members = HouseholdMember.objects.unscoped("test").filter(household__in=houses)
    assert members.filter(relation="mother").count() == houses.count()
    mother = members.filter(relation="mother").select_related("household__person").first()
    person = mother.household.person
    assert mother.age > (mother.age_as_of.year - person.birth_date.year)
    from django.apps import apps

    contact = apps.get_model("contacts", "Contact")
    assert contact.objects.unscoped("test").count() == 50
    # generated persons are searchable through the normal path (index rows and FTS)
    some = Person.objects.unscoped("test").order_by("-pk").first()
    from tsunagu.accounts.roles import Role

    sup = (
        world.user(Role.SUPERVISOR)
        if some.municipality_id == world.home.municipality.pk
        else world.away.users[Role.SUPERVISOR]
    )
    assert some in search_persons(sup, some.family_name, limit=200).items or some.merged_into_id
