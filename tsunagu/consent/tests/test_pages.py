"""The consent pages and the disclosure history, through HTTP, for every role."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.consent.disclosure import Basis, disclose
from tsunagu.consent.models import Category, Consent, Disclosure
from tsunagu.testing.consent import make_consent

from .helpers import a_year_ahead

pytestmark = pytest.mark.django_db

SEES_CONSENTS = [Role.COUNSELLOR, Role.SUPERVISOR, Role.CONTRACTED_COUNSELLOR]
NO_CONSENTS = [
    Role.RECEPTION,
    Role.AGENCY_STAFF,
    Role.WELFARE_COMMISSIONER,
    Role.MUNICIPALITY_ADMIN,
    Role.SYSTEM_ADMIN,
    Role.PUBLICITY,
    Role.PREFECTURE_ANALYST,
]


def form_data(world, **changes):
    data = {
        "given_by": "person",
        "given_by_name": "",
        "organizations": [world.home.agency.pk],
        "categories": ["basic", "contacts"],
        "purpose": "就労支援機関へのおつなぎのため",
        "given_on": "令和8年4月10日",
        "form": "signed",
        "expires_on": a_year_ahead().isoformat(),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", SEES_CONSENTS)
def test_casework_roles_see_the_consents_of_their_case(consents, login, role):
    client = login(consents.user(role))
    response = client.get(reverse("consent-list", args=[consents.home.case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "現在の同意" in body and "関係機関へのおつなぎのため" in body
    assert consents.home.agency.name in body and "基本情報、支援記録" in body
    assert "令和8年4月10日" in body  # 和暦
    assert AuditEvent.objects.filter(
        action="list", object_type="consent.consent", extra__page="consent_list"
    ).exists()


@pytest.mark.parametrize("role", NO_CONSENTS)
def test_other_roles_never_see_consents(consents, login, role):
    client = login(consents.user(role))
    case = consents.home.case
    for url in (
        reverse("consent-list", args=[case.pk]),
        reverse("consent-new", args=[case.pk]),
        reverse("consent-change", args=[consents.home.consent.pk]),
        reverse("consent-withdraw", args=[consents.home.consent.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    response = client.post(reverse("consent-new", args=[case.pk]), form_data(consents))
    assert response.status_code in (403, 404)
    assert Consent.objects.unscoped("test").filter(case=case).count() == 1


def test_a_counsellor_does_not_see_consents_of_cases_outside_the_window(consents, login):
    client = login(consents.user(Role.COUNSELLOR))
    assert (
        client.get(reverse("consent-list", args=[consents.home.other_case.pk])).status_code == 404
    )
    other = consents.home.other_consent.pk
    assert client.get(reverse("consent-withdraw", args=[other])).status_code == 404
    away = login(consents.away.users[Role.SUPERVISOR])
    assert away.get(reverse("consent-list", args=[consents.home.case.pk])).status_code == 404


def test_record_a_consent_and_see_it(world, login):
    client = login(world.user(Role.COUNSELLOR))
    url = reverse("consent-new", args=[world.home.case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(world))
    assert response.status_code == 302
    consent = Consent.objects.unscoped("test").get()
    assert consent.given_on == datetime.date(2026, 4, 10)
    assert consent.expires_on == a_year_ahead()
    assert consent.recorded_by == world.user(Role.COUNSELLOR)
    body = client.get(response["Location"]).content.decode()
    assert "同意を記録しました" in body and "有効" in body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"given_by": "neighbour"}, "選択してください"),
        ({"given_by": "family_only"}, "氏名・続柄"),
        ({"organizations": []}, "提供先の機関を1つ以上"),
        ({"organizations": ["99999999999999999999"]}, ""),
        ({"categories": []}, "情報の種類を1つ以上"),
        ({"categories": ["everything"]}, ""),
        ({"purpose": ""}, ""),
        ({"purpose": "目的\x00"}, ""),
        ({"given_on": "昨日"}, ""),
        ({"given_on": "2999-01-01"}, "までで入力"),
        ({"given_on": str(datetime.date.today() + datetime.timedelta(days=2))}, "未来の日付"),
        ({"expires_on": "2026-04-01"}, "同意日より後"),
        ({"form": "telepathy"}, ""),
    ],
)
def test_hostile_input_gives_form_errors_and_stores_nothing(world, login, changes, message):
    client = login(world.user(Role.COUNSELLOR))
    response = client.post(
        reverse("consent-new", args=[world.home.case.pk]), form_data(world, **changes)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "field--error" in body or "alert" in body
    assert message in body
    assert not Consent.objects.unscoped("test").exists()


def test_organizations_of_another_municipality_cannot_be_chosen(world, login):
    client = login(world.user(Role.COUNSELLOR))
    data = form_data(world, organizations=[world.away.agency.pk])
    response = client.post(reverse("consent-new", args=[world.home.case.pk]), data)
    assert response.status_code == 200
    assert not Consent.objects.unscoped("test").exists()


def test_change_is_a_new_record_and_history_shows_both(consents, login):
    client = login(consents.user(Role.COUNSELLOR))
    old = consents.home.consent
    url = reverse("consent-change", args=[old.pk])
    body = client.get(url).content.decode()
    assert "関係機関へのおつなぎのため" in body  # prefilled from the old record
    data = form_data(consents, purpose="提供先に委託先を追加", given_on="2026-05-01")
    data["organizations"] = [consents.home.agency.pk, consents.home.contractor.pk]
    assert client.post(url, data).status_code == 302
    new = Consent.objects.unscoped("test").get(supersedes=old)
    assert new.purpose == "提供先に委託先を追加"
    assert Consent.objects.unscoped("test").get(pk=old.pk).purpose == "関係機関へのおつなぎのため"
    body = client.get(reverse("consent-list", args=[consents.home.case.pk])).content.decode()
    current, history = body.split("これまでの同意")
    assert "提供先に委託先を追加" in current and "変更済み" in history
    assert f"#{old.pk} の変更" in current


def test_withdraw_records_reason_and_stops_sharing(consents, login):
    client = login(consents.user(Role.CONTRACTED_COUNSELLOR))
    consent = consents.home.consent
    url = reverse("consent-withdraw", args=[consent.pk])
    response = client.post(url, {"reason": ""})
    assert (
        response.status_code == 200 and "撤回の理由を入力してください" in response.content.decode()
    )
    response = client.post(url, {"reason": "本人から電話で撤回の申し出"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_by == consents.user(Role.CONTRACTED_COUNSELLOR)
    body = client.get(response["Location"]).content.decode()
    history = body.split("これまでの同意")[1]
    assert "本人から電話で撤回の申し出" in history and "撤回" in history
    # a second withdrawal is refused with a message, nothing changes
    again = client.post(url, {"reason": "二度目"})
    assert "すでに撤回されています" in again.content.decode()


def test_disclosure_history_for_supervisors_only(consents, login):
    home = consents.home
    supervisor = login(consents.user(Role.SUPERVISOR))
    url = reverse("person-disclosures", args=[home.person.pk])
    response = supervisor.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "個人情報保護法第69条第2項第4号" in body and "出力" in body
    assert home.agency.name in body
    assert AuditEvent.objects.filter(
        action="view", object_type="people.person", object_id=str(home.person.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action="list", object_type="consent.disclosure", extra__page="person_disclosures"
    ).exists()
    for role in Role.values:
        if role == Role.SUPERVISOR:
            continue
        assert login(consents.user(role)).get(url).status_code in (403, 404), role
    away = login(consents.away.users[Role.SUPERVISOR])
    assert away.get(url).status_code == 404


def test_links_on_the_case_page_and_the_person_page(consents, login):
    case_url = reverse("case-detail", args=[consents.home.case.pk])
    person_url = reverse("person-detail", args=[consents.home.person.pk])
    consents_url = reverse("consent-list", args=[consents.home.case.pk])
    disclosures_url = reverse("person-disclosures", args=[consents.home.person.pk])
    supervisor = login(consents.user(Role.SUPERVISOR))
    body = supervisor.get(case_url).content.decode()
    assert consents_url in body and disclosures_url in body
    assert disclosures_url in supervisor.get(person_url).content.decode()
    counsellor = login(consents.user(Role.COUNSELLOR))
    body = counsellor.get(case_url).content.decode()
    assert consents_url in body and disclosures_url not in body
    assert disclosures_url not in counsellor.get(person_url).content.decode()
    agency = login(consents.user(Role.AGENCY_STAFF))
    body = agency.get(case_url).content.decode()
    assert consents_url not in body and "同意と情報提供" not in body


def test_the_consent_list_costs_the_same_for_1_or_12_consents(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    supervisor = world.user(Role.SUPERVISOR)
    make_consent(supervisor, world.home.case, [world.home.agency])
    client = login(supervisor)
    url = reverse("consent-list", args=[world.home.case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(11):
        orgs = [world.home.agency, world.home.contractor] if i % 2 else [world.home.agency]
        make_consent(supervisor, world.home.case, orgs, purpose=f"目的{i}")
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert body.count('id="consent-') == 12
    assert len(many) == len(one) <= 16, [q["sql"] for q in many]


def test_the_disclosure_history_costs_the_same_for_1_or_12_rows(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    supervisor = world.user(Role.SUPERVISOR)
    consent = make_consent(supervisor, world.home.case, [world.home.agency, world.home.contractor])

    def share():
        disclose(
            supervisor,
            world.home.case,
            channel="referral",
            organizations=[world.home.agency, world.home.contractor],
            categories=[Category.BASIC],
            basis=Basis.consent(consent),
            recipients=[world.user(Role.AGENCY_STAFF), world.user(Role.COUNSELLOR)],
        )

    share()
    client = login(supervisor)
    url = reverse("person-disclosures", args=[world.home.person.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(11):
        share()
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert body.count(f"（同意 #{consent.pk}）") == 12
    assert Disclosure.objects.unscoped("test").count() == 12
    assert len(many) == len(one) <= 16, [q["sql"] for q in many]
