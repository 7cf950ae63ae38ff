"""Recall@10 of search and duplicate candidates over name variants, through the API.

Synthetic persons of one municipality (tsunagu.search.synthetic), and what staff type for them
(tsunagu.search.synthetic.recall): long-vowel readings (both directions), a family name one
kanji off with the given name and another field agreeing, kanji and kana mixed, half-width
kana, variant kanji, stray spaces, a year-only 和暦 birth date. Figures: docs/performance.md.
"""

import json

from tsunagu.accounts.roles import Role
from tsunagu.people.models import Person
from tsunagu.search.synthetic.people import persons
from tsunagu.search.synthetic.recall import Case, make_cases, score
from tsunagu.search.synthetic.run import generate
from tsunagu.testing.api import bearer

SEED, COUNT, PER_KIND = 11, 800, 25
# Recall per category before issue 7 item 11 (same seed, overall 0.646): none may fall below.
BEFORE = {
    "kanji_one_char/match": 0.32, "long_vowel/match": 0.52, "long_vowel/search": 0.0,
    "mixed_script/match": 0.56, "mixed_script/search": 0.44, "spaces/match": 0.56,
    "spaces/search": 1.0, "variant_kanji/match": 1.0, "variant_kanji/search": 1.0,
    "wareki_year/match": 1.0, "wareki_year/search": 0.0, "width/match": 1.0, "width/search": 1.0,
}  # fmt: skip


def test_recall_over_name_variants(world, client):
    municipality = world.home.municipality
    before = Person.objects.unscoped("test").order_by("-pk").values_list("pk", flat=True).first()
    generate(seed=SEED, n_persons=COUNT, n_contacts=0, codes=[municipality.code], plant_rate=0)
    created = list(Person.objects.unscoped("test").filter(pk__gt=before or 0).order_by("pk"))
    assert len(created) == COUNT
    ids = {index: person.pk for index, person in enumerate(created)}
    people = list(persons(SEED, COUNT, [(municipality.code, municipality.name)]))
    cases, restyled = make_cases(SEED, people, PER_KIND)
    for index, styled in restyled.items():  # registered with ー (saved: the index follows)
        person = created[index]
        person.family_name_kana = styled.family_name_kana
        person.given_name_kana = styled.given_name_kana
        person.save()
    headers = bearer(world.user(Role.SUPERVISOR))

    def call(case: Case) -> list[int]:
        if case.endpoint == "search":
            response = client.get("/api/v1/persons", {"q": case.query, "limit": 10}, **headers)
            assert response.status_code == 200, (case, response.content)
            return [item["id"] for item in response.json()["items"]]
        response = client.post(
            "/api/v1/persons/match", json.dumps(case.fields), content_type="application/json",
            **headers,
        )  # fmt: skip
        assert response.status_code == 200, (case, response.content)
        return [item["id"] for item in response.json()["candidates"]]

    registered = [restyled.get(p.index, p) for p in people]
    result = score(cases, registered, ids, call)
    print(json.dumps(result, ensure_ascii=False).replace("}, ", "},\n"))
    assert result["overall"] >= 0.98
    categories = result["by_category"]
    assert {name: categories[name]["recall"] for name in BEFORE if
            categories[name]["recall"] < BEFORE[name]} == {}  # fmt: skip
    # no flood: on average at most one other person in the top 10, almost never an unrelated one
    assert result["noise"] <= 0.3 and result["junk"] <= 0.05
    assert max(c["junk"] for c in categories.values()) <= 0.1
