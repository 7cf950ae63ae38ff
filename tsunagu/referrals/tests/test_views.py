"""The referral pages for each role: the sending side, the receiving side's limited view, the
case page panel, hostile input and query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tsunagu.accounts.roles import Role
from tsunagu.consent.disclosure import Basis
from tsunagu.people.models import AccessGrant
from tsunagu.referrals import queries, services
from tsunagu.referrals.models import Referral, ReferralEvent, Status
from tsunagu.testing.contacts import make_contact
from tsunagu.testing.referrals import LIFE, refer, referable_case, withdraw_consent

FORM = {
    "organization": "",
    "service_name": "就労準備支援",
    "message": "就労について相談したいとのことです。",
    "covers_intake": "on",
    "basis": "",
    "statute_name": "",
}


def _post(world, consent, **changes):
    data = dict(FORM, organization=world.home.agency.pk, basis=f"consent:{consent.pk}")
    data.update(changes)
    return data


def _referrals(world):
    return Referral.objects.in_municipality(world.home.municipality)


def test_counsellor_sends_a_referral_from_the_case(world, login, case, consent):
    client = login(world.user(Role.COUNSELLOR))
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert reverse("case-referral-new", args=[case.pk]) in page  # the panel's link
    form = client.get(reverse("case-referral-new", args=[case.pk]))
    assert form.status_code == 200
    body = form.content.decode()
    assert world.home.agency.name in body and f"consent:{consent.pk}" in body
    assert world.home.contractor.name not in body  # nobody there receives referrals
    response = client.post(reverse("case-referral-new", args=[case.pk]), _post(world, consent))
    referral = _referrals(world).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referral-detail", args=[referral.pk])
    assert referral.grant.covers_intake and not referral.grant.covers_contacts
    detail = client.get(response["Location"]).content.decode()
    assert "就労準備支援" in detail and "同意" in detail and "取り消す" in detail


def test_withdrawn_consent_is_refused_with_the_reason(world, login, case, consent):
    client = login(world.user(Role.COUNSELLOR))
    withdraw_consent(consent, world.user(Role.COUNSELLOR))
    response = client.post(reverse("case-referral-new", args=[case.pk]), _post(world, consent))
    assert response.status_code == 200
    assert "撤回されているため、情報を提供できません" in response.content.decode()
    assert not _referrals(world).exists()
    # and the withdrawn consent is no longer offered
    assert (
        f"consent:{consent.pk}"
        not in client.get(reverse("case-referral-new", args=[case.pk])).content.decode()
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"message": ""},
        {"message": "x\x00y"},
        {"message": "あ" * 2001},
        {"organization": "99999999999999999999"},
        {"organization": "abc"},
        {"basis": "consent:99999999999999999999999"},
        {"basis": "consent:１２"},
        {"basis": "nonsense"},
        {"basis": ""},
        {"basis": "statute", "statute_name": ""},
        {"service_name": "x" * 121},
    ],
)
def test_hostile_input_gives_form_errors(world, login, case, consent, changes):
    client = login(world.user(Role.COUNSELLOR))
    response = client.post(
        reverse("case-referral-new", args=[case.pk]), _post(world, consent, **changes)
    )
    assert response.status_code == 200
    assert "field--error" in response.content.decode() or "error" in response.content.decode()
    assert not _referrals(world).exists()


@pytest.mark.parametrize(
    "role", [Role.RECEPTION, Role.CONTRACTED_COUNSELLOR, Role.AGENCY_STAFF, Role.PUBLICITY]
)
def test_roles_that_may_not_send(world, login, role):
    client = login(world.user(role))
    url = reverse("case-referral-new", args=[world.home.case.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"message": "x"}).status_code in (403, 404)
    assert not _referrals(world).exists()


def test_receiver_sees_only_the_shared_view(world, login, case):
    """The 関係機関担当 opens the shared case record; a contact (not shared) and other cases
    answer 404; after completion the case answers 404 too."""
    contact = make_contact(case, summary="要配慮の記録")
    referral = refer(world.user(Role.COUNSELLOR), case, world.home.agency)
    client = login(world.user(Role.AGENCY_STAFF))
    inbox = client.get(reverse("referral-inbox")).content.decode()
    assert reverse("referral-detail", args=[referral.pk]) in inbox
    detail = client.get(reverse("referral-detail", args=[referral.pk])).content.decode()
    assert "共有された記録を見る" in detail and "回答を送る" in detail
    page = client.get(reverse("case-detail", args=[case.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "紹介" in body  # the person's name (P) is part of the shared case record
    assert "相談概要（要配慮）" not in body  # never S for this role
    # the contact log opens on the shared case record, empty: its contacts are not shared
    log = client.get(reverse("contact-log", args=[case.pk])).content.decode()
    assert reverse("contact-detail", args=[contact.pk]) not in log
    for url in (
        reverse("contact-detail", args=[contact.pk]),
        reverse("case-detail", args=[world.home.other_case.pk]),
        reverse("case-referrals", args=[world.home.other_case.pk]),
    ):
        assert client.get(url).status_code == 404, url
    services.respond(world.user(Role.AGENCY_STAFF), referral, Status.ACCEPTED)
    services.respond(world.user(Role.AGENCY_STAFF), referral, Status.COMPLETED)
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 404
    detail = client.get(reverse("referral-detail", args=[referral.pk])).content.decode()
    assert "共有は終了しています" in detail and "共有された記録を見る" not in detail


def test_contacts_shared_when_the_sender_chose_them(world, login, case):
    contact = make_contact(case)
    refer(world.user(Role.COUNSELLOR), case, world.home.agency, covers={"covers_contacts": True})
    client = login(world.user(Role.AGENCY_STAFF))
    assert client.get(reverse("contact-detail", args=[contact.pk])).status_code == 200


def test_receiver_answers_and_feedback_reaches_the_sender(world, login, case):
    referral = refer(world.user(Role.COUNSELLOR), case, world.home.agency)
    client = login(world.user(Role.AGENCY_STAFF))
    respond = reverse("referral-respond", args=[referral.pk])
    # refusal without a reason: a form error, nothing changes
    response = client.post(respond, {"status": "refused", "reason": ""})
    assert response.status_code == 200 and "不受理の理由" in response.content.decode()
    # an answer the state machine does not offer from 送付
    response = client.post(respond, {"status": "completed"})
    assert response.status_code == 200 and "選べない回答" in response.content.decode()
    assert client.post(respond, {"status": "accepted"}).status_code == 302
    feedback = reverse("referral-feedback", args=[referral.pk])
    assert client.post(feedback, {"text": ""}).status_code == 200
    assert client.post(feedback, {"text": "初回面談を行いました（要配慮）"}).status_code == 302
    # the receiver does not read S-class text, its own feedback included
    mine = client.get(reverse("referral-detail", args=[referral.pk])).content.decode()
    assert "初回面談を行いました" not in mine and "閲覧できません" in mine
    sender = login(world.user(Role.COUNSELLOR))
    page = sender.get(reverse("case-referrals", args=[case.pk])).content.decode()
    assert "初回面談を行いました（要配慮）" in page and "受理" in page


def test_sender_cancels_and_the_view_ends(world, login, case):
    referral = refer(world.user(Role.COUNSELLOR), case, world.home.agency)
    client = login(world.user(Role.COUNSELLOR))
    cancel = reverse("referral-cancel", args=[referral.pk])
    assert client.post(cancel, {"reason": ""}).status_code == 200
    assert client.post(cancel, {"reason": "本人が希望しなくなった"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.CANCELLED
    assert (
        not AccessGrant.objects.in_municipality(case.municipality)
        .get(pk=referral.grant_id)
        .is_active()
    )
    agency = login(world.user(Role.AGENCY_STAFF))
    assert agency.get(reverse("case-detail", args=[case.pk])).status_code == 404
    assert agency.post(cancel, {"reason": "x"}).status_code == 403


def test_pages_of_other_sides_answer_403_or_404(world, login, case):
    referral = refer(world.user(Role.COUNSELLOR), case, world.home.agency)
    detail = reverse("referral-detail", args=[referral.pk])
    # not on the case, not the organisation: 404
    for user in (world.away.users[Role.SUPERVISOR], world.user(Role.CONTRACTED_COUNSELLOR)):
        assert login(user).get(detail).status_code == 404
    # on the case but not the receiver: no answering
    client = login(world.user(Role.SUPERVISOR))
    assert client.get(detail).status_code == 200
    assert (
        client.post(
            reverse("referral-respond", args=[referral.pk]), {"status": "accepted"}
        ).status_code
        == 403
    )
    assert client.get(reverse("referral-inbox")).status_code == 403
    assert client.get(reverse("referral-respond", args=[referral.pk])).status_code == 405


def test_statute_basis_from_the_form(world, login, case):
    client = login(world.user(Role.COUNSELLOR))
    data = dict(FORM, organization=world.home.agency.pk, basis="statute", statute_name=LIFE)
    assert client.post(reverse("case-referral-new", args=[case.pk]), data).status_code == 302
    assert _referrals(world).get().disclosure.statute == LIFE


def test_dashboard_shows_overdue_and_waiting(world, login, case):
    import datetime

    from django.utils import timezone

    referral = refer(world.user(Role.COUNSELLOR), case, world.home.agency)
    old = timezone.now() - datetime.timedelta(days=queries.ANSWER_WITHIN_DAYS + 1)
    Referral.objects.in_municipality(case.municipality).filter(pk=referral.pk).update(sent_at=old)
    page = login(world.user(Role.COUNSELLOR)).get(reverse("dashboard")).content.decode()
    assert "回答のないおつなぎ" in page and reverse("referral-detail", args=[referral.pk]) in page
    page = login(world.user(Role.SUPERVISOR)).get(reverse("dashboard")).content.decode()
    assert reverse("referral-detail", args=[referral.pk]) not in page  # not the sender
    page = login(world.user(Role.AGENCY_STAFF)).get(reverse("dashboard")).content.decode()
    assert "回答待ちの届いたおつなぎ" in page
    assert reverse("referral-detail", args=[referral.pk]) in page


def _many(world, n):
    counsellor, agency = world.user(Role.COUNSELLOR), world.user(Role.AGENCY_STAFF)
    referrals = []
    for i in range(n):
        case = referable_case(world)
        referral = refer(counsellor, case, world.home.agency, basis=Basis.statute(LIFE))
        services.respond(agency, referral, Status.ACCEPTED)
        services.add_feedback(agency, referral, f"フィードバック{i}")
        referrals.append(referral)
    return referrals


def test_query_counts_do_not_grow(world, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = _many(world, 1)[0]
    agency = login(world.user(Role.AGENCY_STAFF))
    inbox_one = count(agency, reverse("referral-inbox"))
    detail_one = count(agency, reverse("referral-detail", args=[one.pk]))
    sender = login(world.user(Role.COUNSELLOR))
    case_one = count(sender, reverse("case-referrals", args=[one.case_id]))
    dash_one = count(sender, reverse("dashboard"))
    many = _many(world, 8)
    # add more referrals and events to one case
    for referral in many[:3]:
        ReferralEvent.objects.create(
            municipality_id=referral.municipality_id,
            referral=referral,
            kind="feedback",
            note="追加",
            actor=world.user(Role.AGENCY_STAFF),
        )
    agency = login(world.user(Role.AGENCY_STAFF))
    assert count(agency, reverse("referral-inbox")) == inbox_one
    assert count(agency, reverse("referral-detail", args=[many[0].pk])) == detail_one
    sender = login(world.user(Role.COUNSELLOR))
    assert count(sender, reverse("case-referrals", args=[many[0].case_id])) == case_one
    assert count(sender, reverse("dashboard")) == dash_one
    with django_assert_max_num_queries(20):
        sender.get(reverse("case-referrals", args=[many[0].case_id]))
    with django_assert_max_num_queries(20):
        agency.get(reverse("referral-inbox"))
