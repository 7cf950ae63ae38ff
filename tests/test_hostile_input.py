"""Hostile input on every path that writes persons, contacts, intakes and concern reports.

200-character names, NUL bytes, lone surrogates inside JSON, dates 0001-01-01 and 9999-12-31,
integers beyond a bigint: the API answers 422 in its one documented shape, the web pages show a
form error, nothing is stored, and nothing answers 500 — on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from tsunagu.accounts.roles import Role
from tsunagu.concerns.models import ConcernReport
from tsunagu.contacts.models import Contact, ContactNote
from tsunagu.intake.form_services import install_default_sheet
from tsunagu.intake.models import Intake
from tsunagu.people.models import CaseStatusChange, HouseholdMember, Person
from tsunagu.testing.api import bearer, field_errors

HUGE = 99999999999999999999
LONG_NAME = "山" * 200
SURROGATE = "\ud800"
BAD_TEXTS = [LONG_NAME, "山\x00田", f"山{SURROGATE}田"]
BAD_DATES = ["0001-01-01", "9999-12-31"]


def counts() -> dict[str, int]:
    models = (Person, Contact, ContactNote, Intake, ConcernReport, HouseholdMember,
              CaseStatusChange)  # fmt: skip
    return {m.__name__: m.objects.unscoped("test: nothing stored").count() for m in models}


def post_json(client: Client, url: str, body: dict, user) -> object:
    # ensure_ascii keeps a lone surrogate as the JSON escape "\ud800", as a client would send
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


@pytest.fixture
def sup(world):
    return world.user(Role.SUPERVISOR)


def test_api_person_create_refuses_hostile_input(world, client, sup):
    before = counts()
    url = "/api/v1/persons"
    cases = [{"family_name": text} for text in BAD_TEXTS]
    cases += [{"family_name": "山田", "address": text} for text in BAD_TEXTS[1:]]
    cases += [{"family_name": "山田", "birth_date": day} for day in BAD_DATES]
    cases += [{"family_name": "山田", "birth_date": "明治30年"}]  # before 1900
    cases += [{"family_name": "山田", "municipality_code": str(HUGE)}]
    cases += [{"family_name": "山田", "phone": "\x00"}, {"family_name": "山田", "birth_date": 12}]
    for body in cases:
        errors = field_errors(post_json(client, url, body, sup))
        assert len(errors) == 1, (body, errors)
    assert counts() == before


def test_api_person_create_accepts_what_the_form_accepts(world, client, sup):
    for birth, precision in (("昭和60年", "year"), ("40代", "band"), ("S60.4.1", "day")):
        response = post_json(
            client, "/api/v1/persons", {"family_name": "山田", "birth_date": birth}, sup
        )
        assert response.status_code == 201, (birth, response.content)
        person = Person.objects.unscoped("test").get(pk=response.json()["id"])
        assert person.birth_date_precision == precision


def test_api_contact_refuses_hostile_input(world, client, sup):
    before = counts()
    url = f"/api/v1/cases/{world.home.case.pk}/contacts"
    good = {"channel": "phone", "occurred_at": "2026-04-01T10:30", "reached": "family"}
    cases = [{**good, "summary": text} for text in BAD_TEXTS[1:]]
    cases += [{**good, "next_action": "電" * 301}]
    cases += [{**good, "occurred_at": day + "T00:00"} for day in BAD_DATES]
    cases += [{**good, "next_action_due": day} for day in BAD_DATES]
    cases += [{**good, "duration_minutes": HUGE}, {**good, "staff_ids": [HUGE]}]
    cases += [{**good, "notes": [{"source": "staff", "text": f"a{SURROGATE}"}]}]
    cases += [{**good, "channel": f"phone{SURROGATE}"}]
    for body in cases:
        assert field_errors(post_json(client, url, body, sup)), body
    assert counts() == before
    assert client.get(url, **bearer(sup)).status_code == 200


def test_api_intake_refuses_hostile_input(world, client, sup):
    install_default_sheet(world.home.municipality)
    before = counts()
    good = {"municipality_code": "132012", "window_id": world.home.window.pk, "answers": {}}
    cases = [
        {**good, "window_id": HUGE},
        {**good, "form_version_id": HUGE},
        {**good, "answers": {"consulter_name": f"a{SURROGATE}"}},
        {**good, "answers": {f"key{SURROGATE}": "x"}},
        {**good, "answers": {"consulter_name": "\x00"}},
        {**good, "answers": {"person_birth_date": "0001-01-01"}},
        {**good, "answers": {"person_birth_date": "9999-12-31"}},
        {**good, "answers": {"next_date": "0001-01-01"}},
        {**good, "municipality_code": "\x00"},
    ]
    for body in cases:
        assert field_errors(post_json(client, "/api/v1/intakes", body, sup)), body
    assert counts() == before


def test_api_concern_report_refuses_hostile_input(world, client):
    commissioner = world.user(Role.WELFARE_COMMISSIONER)
    before = counts()
    good = {"district": "台町", "situation": "心配"}
    cases = [{**good, "district": "台" * 101}, {**good, "person_hint": "人" * 201}]
    cases += [{**good, "situation": text} for text in BAD_TEXTS[1:]]
    cases += [{**good, "how_known": "\x00"}, {**good, "municipality_code": str(HUGE)}]
    for body in cases:
        assert field_errors(post_json(client, "/api/v1/concern-reports", body, commissioner))
    assert counts() == before


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/persons?limit={HUGE}",
        f"/api/v1/persons?offset={HUGE}",
        "/api/v1/persons?q=%00",
        "/api/v1/routing/suggestions?municipality_code=%00",
        f"/api/v1/routing/suggestions?municipality_code=132012&age={HUGE}",
        "/api/v1/routing/suggestions?municipality_code=132012&district=%00",
    ],
)
def test_api_queries_refuse_hostile_input(world, client, sup, url):
    assert field_errors(client.get(url, **bearer(sup)))


def test_api_huge_ids_and_bad_bodies(world, client, sup):
    auth = bearer(sup)
    for url in (
        f"/api/v1/cases/{HUGE}",
        f"/api/v1/persons/{HUGE}",
        f"/api/v1/cases/{HUGE}/contacts",
    ):
        response = client.get(url, **auth)
        assert response.status_code == 404 and response.json() == {"detail": "見つかりません。"}
    response = client.post("/api/v1/persons", "{", content_type="application/json", **auth)
    assert field_errors(response) == {"": ["リクエストの本文を JSON として読み取れません。"]}
    response = client.post("/api/v1/persons", "[1]", content_type="application/json", **auth)
    assert field_errors(response)


# --- the web forms ---------------------------------------------------------------------------


@pytest.fixture
def web(world, client):
    client.force_login(world.user(Role.SUPERVISOR))  # world users have TOTP
    return client


def assert_refused(response) -> None:
    """A form shown again with an error (never a 500, never a redirect after saving)."""
    assert response.status_code in (200, 400), response.status_code
    page = response.content.decode()
    assert "error-summary" in page or "error-message" in page, page[:2000]


def test_web_person_edit_refuses_hostile_input(world, web):
    person = world.home.person
    url = reverse("person-edit", args=[person.pk])
    base = {"family_name": "山田", "given_name": "太郎", "sex": "unknown"}
    posts = [{**base, "family_name": text} for text in BAD_TEXTS[:2]]
    posts += [{**base, "birth_text": day} for day in BAD_DATES]
    posts += [{**base, "birth_text": "明治30年"}, {**base, "notes": "要\x00配慮"}]
    posts += [{**base, "contact_notes": "配" * 10_001}]
    for data in posts:
        assert_refused(web.post(url, data))
    person.refresh_from_db()
    assert person.family_name == "山田" and person.notes == "要配慮メモ"


def test_web_contact_and_household_refuse_hostile_input(world, web):
    before = counts()
    url = reverse("contact-log", args=[world.home.case.pk])
    good = {"channel": "phone", "occurred_at": "2026-04-01T10:30", "reached": "family",
            "notes-TOTAL_FORMS": "1", "notes-INITIAL_FORMS": "0"}  # fmt: skip
    posts = [{**good, "occurred_at": day + "T00:00"} for day in BAD_DATES]
    posts += [{**good, "next_action_due": day, "next_action": "電話"} for day in BAD_DATES]
    posts += [{**good, "summary": "a\x00b"}, {**good, "duration_minutes": str(HUGE)}]
    posts += [
        {**good, "staff": str(HUGE)},
        {**good, "notes-0-source": "staff", "notes-0-text": "\x00"},
    ]
    for data in posts:
        assert_refused(web.post(url, data))
    member_url = reverse("household-member-add", args=[world.home.person.pk])
    for data in (
        {"relation": "mother", "name": "母" * 101},
        {"relation": "mother", "age": str(HUGE)},
    ):
        response = web.post(member_url, data)
        assert response.status_code < 500
    assert counts() == before


def test_web_concern_report_refuses_hostile_input(world, client):
    commissioner = world.user(Role.WELFARE_COMMISSIONER)
    client.force_login(commissioner)  # world users have TOTP
    before = counts()
    url = reverse("concern-new")
    for data in (
        {"district": "台" * 101, "situation": "心配"},
        {"district": "台町", "situation": "心\x00配"},
        {"district": "台町", "situation": "心" * 10_001},
    ):
        assert_refused(client.post(url, data))
    assert counts() == before


def test_web_huge_ids_answer_404(world, web):
    for url in (
        f"/staff/cases/{HUGE}/",
        f"/staff/persons/{HUGE}/",
        f"/staff/cases/{HUGE}/contacts/",
    ):
        assert web.get(url).status_code == 404
    response = web.post(reverse("person-search"), {"q": "山田", "offset": str(HUGE)})
    assert response.status_code == 200
