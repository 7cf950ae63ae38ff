"""The review page and the PDF, through HTTP: who may, what leaves, and the basis logged."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.casestudies.forms import NO_BASIS_MESSAGE
from tsunagu.casestudies.review import IDENTIFYING_MESSAGE
from tsunagu.consent.models import Disclosure
from tsunagu.consent.services import record_consent, withdraw_consent
from tsunagu.testing.case_study import IDENTIFYING
from tsunagu.testing.contacts import make_contact
from tsunagu.testing.pdf_text import pdf_text

LIFE = "人の生命、身体又は財産の保護のため（個人情報保護法第69条第2項第4号）"
ALL_CATEGORIES = ["basic", "intake", "contacts", "sensitive"]


def url(case) -> str:
    return reverse("case-study", args=[case.pk])


def _disclosures(case):
    return Disclosure.objects.unscoped("test: the disclosures of the case").filter(case=case)


def _consent(study, categories=ALL_CATEGORIES, organizations=None):
    world = study.world
    return record_consent(
        world.user(Role.SUPERVISOR),
        study.case,
        given_by="person",
        organizations=organizations or [world.home.agency],
        categories=categories,
        purpose="ネットワーク会議での事例検討",
        given_on=timezone.localdate() - datetime.timedelta(days=1),
        form="signed",
    )


def _produce(client, study, **extra):
    data = {"action": "produce", "organizations": [study.world.home.agency.pk], **extra}
    return client.post(url(study.case), data)


@pytest.fixture
def supervisor(study, login):
    return login(study.world.user(Role.SUPERVISOR))


# --- who may --------------------------------------------------------------------------------


def test_a_supervisor_sees_the_anonymised_draft(study, supervisor):
    response = supervisor.get(url(study.case))
    assert response.status_code == 200
    # the draft; the form below it lists the municipality's organizations as recipients
    body = response.content.decode().split('id="basis-h"')[0]
    assert "Aさん（40代、男性）" in body
    assert "初回相談から2週間後　訪問（本人と家族）" in body
    for leaked in IDENTIFYING:
        assert leaked not in body, leaked


@pytest.mark.parametrize(
    "role",
    [
        Role.RECEPTION,
        Role.COUNSELLOR,
        Role.CONTRACTED_COUNSELLOR,
        Role.AGENCY_STAFF,
        Role.WELFARE_COMMISSIONER,
        Role.MUNICIPALITY_ADMIN,
        Role.SYSTEM_ADMIN,
        Role.PUBLICITY,
        Role.PREFECTURE_ANALYST,
    ],
)
def test_roles_without_export_rights_get_404(study, login, role):
    client = login(study.world.user(role))
    assert client.get(url(study.case)).status_code == 404
    assert _produce(client, study, basis="statute", statute_name=LIFE).status_code == 404
    assert not _disclosures(study.case).exists()


def test_another_municipalitys_supervisor_gets_404_both_ways(study, login):
    away = login(study.world.away.users[Role.SUPERVISOR])
    assert away.get(url(study.case)).status_code == 404
    assert _produce(away, study, basis="statute", statute_name=LIFE).status_code == 404
    home = login(study.world.user(Role.SUPERVISOR))
    assert home.get(url(study.world.away.case)).status_code == 404
    assert not _disclosures(study.case).exists()


def test_anonymous_users_are_sent_to_log_in(study, client):
    response = client.get(url(study.case))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_the_case_page_links_to_the_page_for_supervisors_only(study, login):
    link = url(study.case)
    page = reverse("case-detail", args=[study.case.pk])
    assert link in login(study.world.user(Role.SUPERVISOR)).get(page).content.decode()
    assert link not in login(study.world.user(Role.COUNSELLOR)).get(page).content.decode()


# --- producing, with a basis ------------------------------------------------------------------


def test_the_pdf_names_nobody_and_the_export_is_logged_with_its_statute(study, supervisor):
    response = _produce(supervisor, study, basis="statute", statute_name=LIFE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "事例検討資料" in text and "Aさん（40代、男性）" in text  # the reader works
    assert "初回相談から2か月後" in text
    for leaked in IDENTIFYING:
        assert leaked not in text, leaked
    disclosure = _disclosures(study.case).get()
    assert disclosure.channel == "case_study"
    assert disclosure.basis == "statute" and disclosure.statute == LIFE
    assert set(disclosure.categories) == set(ALL_CATEGORIES)
    assert disclosure.actor == study.world.user(Role.SUPERVISOR)
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(study.case.pk))
    assert export.get().extra["disclosure"] == disclosure.pk


def test_a_valid_consent_is_a_basis(study, supervisor):
    consent = _consent(study)
    page = supervisor.get(url(study.case)).content.decode()
    assert f'value="consent:{consent.pk}"' in page
    response = _produce(supervisor, study, basis=f"consent:{consent.pk}")
    assert response["Content-Type"] == "application/pdf"
    assert _disclosures(study.case).get().consent == consent


def test_without_a_basis_nothing_is_produced(study, supervisor):
    response = _produce(supervisor, study)
    assert response.status_code == 200
    assert NO_BASIS_MESSAGE in response.content.decode()
    response = _produce(supervisor, study, basis="statute", statute_name="  ")
    assert "法令名を入力してください" in response.content.decode()
    assert not _disclosures(study.case).exists()


def test_a_withdrawn_consent_is_refused_with_its_reason(study, supervisor):
    consent = _consent(study)
    withdraw_consent(study.world.user(Role.SUPERVISOR), consent, reason="本人の申し出")
    response = _produce(supervisor, study, basis=f"consent:{consent.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "情報提供の根拠" in body  # the consent is no longer offered: not a valid choice
    assert f'value="consent:{consent.pk}"' not in body
    assert not _disclosures(study.case).exists()


def test_a_consent_that_does_not_cover_the_content_is_refused(study, supervisor):
    consent = _consent(study, categories=["basic"])
    response = _produce(supervisor, study, basis=f"consent:{consent.pk}")
    assert response.status_code == 200
    assert "同意の範囲に含まれていない情報があります" in response.content.decode()
    assert not _disclosures(study.case).exists()
    # leaving out the sheet's items, the contacts and every free-text line: the rest is covered
    draft = supervisor.get(url(study.case)).context["draft"]
    omit = {
        f"omit-{line.key}": "1"
        for section, line in draft.lines()
        if line.sensitive or section.key in ("course", "intake")
    }
    response = _produce(supervisor, study, basis=f"consent:{consent.pk}", **omit)
    assert response["Content-Type"] == "application/pdf"
    assert _disclosures(study.case).get().categories == ["basic"]


def test_a_consent_for_other_organizations_is_refused(study, supervisor):
    consent = _consent(study, organizations=[study.world.home.contractor])
    response = _produce(supervisor, study, basis=f"consent:{consent.pk}")
    assert "同意の提供先に含まれていない機関があります" in response.content.decode()
    assert not _disclosures(study.case).exists()


# --- the reviewer's edits ----------------------------------------------------------------------


def test_a_name_typed_into_a_line_stops_production_until_seen(study, supervisor):
    response = _produce(
        supervisor,
        study,
        basis="statute",
        statute_name=LIFE,
        **{"text-points": "山田太郎さんの母、幸子さんへの支援をどうするか"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert IDENTIFYING_MESSAGE in body
    assert '<li><a href="#text-points">検討したい点</a></li>' in body
    assert "Aさんの母、母への支援をどうするか" in body
    assert "山田" not in body and "幸子" not in body
    assert not _disclosures(study.case).exists()
    response = _produce(
        supervisor,
        study,
        basis="statute",
        statute_name=LIFE,
        **{"text-points": "Aさんの母、母への支援をどうするか"},
    )
    assert response["Content-Type"] == "application/pdf"
    assert "Aさんの母、母への支援をどうするか" in pdf_text(response.content)


def test_checking_shows_the_replacements_without_asking_for_a_basis(study, supervisor):
    response = supervisor.post(
        url(study.case), {"action": "check", "text-points": "たっくんと2026年5月1日に会う"}
    )
    body = response.content.decode()
    assert "Aさんと初回相談から1か月後に会う" in body
    assert IDENTIFYING_MESSAGE in body
    assert NO_BASIS_MESSAGE not in body


def test_omitted_lines_are_not_in_the_pdf(study, supervisor):
    response = _produce(
        supervisor, study, basis="statute", statute_name=LIFE, **{"omit-summary": "1"}
    )
    text = pdf_text(response.content)
    assert "相談の概要" not in text and "Aさん（40代、男性）" in text


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "produce"},
        {"action": "produce", "organizations": ["abc"], "basis": "statute", "statute_name": LIFE},
        {"action": "produce", "organizations": ["99999999999999999999"], "basis": "statute"},
        {"action": "produce", "organizations": ["1"], "basis": "consent:99999"},
        {"action": "produce", "organizations": ["1"], "basis": "statute", "statute_name": "\x00"},
        {"action": "produce", "basis": "statute", "statute_name": "x" * 500},
        {"action": "check", "text-summary": "\x00", "text-points": "y" * 5000},
        {"action": "check", "organizations": ["1"] * 500, "basis": "<script>"},
    ],
)
def test_hostile_input_gives_the_form_again(study, supervisor, data):
    response = supervisor.post(url(study.case), data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not _disclosures(study.case).exists()


def test_another_municipalitys_organization_is_no_choice(study, supervisor):
    response = supervisor.post(
        url(study.case),
        {
            "action": "produce",
            "organizations": [study.world.away.agency.pk],
            "basis": "statute",
            "statute_name": LIFE,
        },
    )
    assert response.status_code == 200
    assert not _disclosures(study.case).exists()


# --- queries --------------------------------------------------------------------------------


def test_the_page_costs_a_fixed_number_of_queries(study, supervisor, django_assert_max_num_queries):
    supervisor.get(url(study.case))
    with django_assert_max_num_queries(40) as few:
        supervisor.get(url(study.case))
    for _ in range(6):
        make_contact(
            study.case, staff=[study.world.user(Role.RECEPTION)], notes=[("staff", "所見")]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert supervisor.get(url(study.case)).status_code == 200
