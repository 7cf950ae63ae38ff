"""The referral services: sending on a basis, the state machine, the grant that is the shared
view, notifications, and who may do what."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.consent.disclosure import Basis, DisclosureRefused
from tsunagu.consent.models import Disclosure
from tsunagu.notifications.models import Notification
from tsunagu.people.models import AccessGrant, Case
from tsunagu.referrals import queries, services
from tsunagu.referrals.models import Referral, ReferralEvent, Status
from tsunagu.testing.referrals import LIFE, refer, withdraw_consent
from tsunagu.testing.world import make_user


def _referrals(world):
    return Referral.objects.in_municipality(world.home.municipality)


def _grants(world, case):
    return AccessGrant.objects.in_municipality(world.home.municipality).filter(case=case)


def _notes(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", "message"))


def test_send_on_consent_starts_the_limited_view(world, case, consent):
    counsellor, agency = world.user(Role.COUNSELLOR), world.user(Role.AGENCY_STAFF)
    referral = refer(
        counsellor,
        case,
        world.home.agency,
        basis=Basis.consent(consent),
        service_name="就労準備支援",
        covers={"covers_intake": True},
    )
    assert referral.status == Status.SENT
    grant = referral.grant
    assert grant.source == AccessGrant.Source.REFERRAL
    assert grant.organization_id == world.home.agency.pk and grant.is_active()
    assert (grant.covers_intake, grant.covers_contacts, grant.covers_sensitive) == (
        True,
        False,
        False,
    )
    disclosure = referral.disclosure
    assert disclosure.channel == "referral" and disclosure.consent_id == consent.pk
    assert sorted(disclosure.categories) == ["basic", "intake"]
    assert (disclosure.target_type, disclosure.target_id) == (
        "referrals.referral",
        str(referral.pk),
    )
    # the agency reaches the case (the record only: no contacts without the coverage)
    assert Case.objects.visible_to(agency, Action.VIEW_CASE).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(
        agency, Action.VIEW_CASE, needs=frozenset({"contacts"})
    ).filter(pk=case.pk)
    assert _notes(agency) == [("referral_received", f"おつなぎが届きました（ケース #{case.pk}）")]
    assert [e.kind for e in ReferralEvent.objects.in_municipality(case.municipality)] == ["sent"]


def test_refused_after_consent_withdrawal_and_nothing_is_written(world, case, consent):
    counsellor = world.user(Role.COUNSELLOR)
    withdraw_consent(consent, counsellor)
    with pytest.raises(DisclosureRefused) as refused:
        refer(counsellor, case, world.home.agency, basis=Basis.consent(consent))
    assert "撤回" in refused.value.messages[0]
    assert not _referrals(world).filter(case=case).exists()
    assert not _grants(world, case).exists()
    assert not Disclosure.objects.in_municipality(case.municipality).filter(case=case).exists()
    assert _notes(world.user(Role.AGENCY_STAFF)) == []


def test_consent_must_cover_what_is_shared(world, case):
    from tsunagu.testing.referrals import give_consent

    narrow = give_consent(
        case, [world.home.agency], ["basic"], recorded_by=world.user(Role.COUNSELLOR)
    )
    with pytest.raises(DisclosureRefused, match="支援記録"):
        refer(
            world.user(Role.COUNSELLOR),
            case,
            world.home.agency,
            basis=Basis.consent(narrow),
            covers={"covers_contacts": True},
        )
    refer(world.user(Role.COUNSELLOR), case, world.home.agency, basis=Basis.consent(narrow))


def test_statute_basis_needs_a_name(world, case):
    with pytest.raises(DisclosureRefused):
        refer(world.user(Role.COUNSELLOR), case, world.home.agency, basis=Basis.statute(""))
    referral = refer(world.user(Role.COUNSELLOR), case, world.home.agency)
    assert referral.disclosure.statute == LIFE


@pytest.mark.parametrize(
    "role",
    [Role.RECEPTION, Role.CONTRACTED_COUNSELLOR, Role.AGENCY_STAFF, Role.MUNICIPALITY_ADMIN],
)
def test_roles_that_may_not_refer(world, case, role):
    with pytest.raises(PermissionDenied):
        refer(world.user(role), case, world.home.agency)
    assert not _referrals(world).exists()


def test_only_staff_reaching_the_case_by_their_role_refer(world):
    # the children's window's case: the home counsellor (はちまる) does not reach it
    with pytest.raises(PermissionDenied):
        refer(world.user(Role.COUNSELLOR), world.home.other_case, world.home.agency)
    refer(world.user(Role.SUPERVISOR), world.home.other_case, world.home.agency)
    # another municipality's supervisor: no
    with pytest.raises(PermissionDenied):
        refer(world.away.users[Role.SUPERVISOR], world.home.other_case, world.home.contractor)


def test_input_is_checked(world, case):
    counsellor = world.user(Role.COUNSELLOR)
    with pytest.raises(ValidationError) as error:
        refer(counsellor, case, world.home.agency, message="  ")
    assert "message" in error.value.message_dict
    with pytest.raises(ValidationError):
        refer(counsellor, case, world.home.agency, message="a\x00b")
    with pytest.raises(ValidationError):
        refer(counsellor, case, world.home.agency, service_name="x" * 121)
    # an organisation without 関係機関担当 to receive it, another municipality's
    with pytest.raises(ValidationError, match="関係機関担当"):
        refer(counsellor, case, world.home.contractor)
    with pytest.raises(ValidationError, match="同じ自治体"):
        refer(counsellor, case, world.away.agency)
    assert not _referrals(world).exists()


def test_one_open_referral_per_organisation_and_no_closed_case(world, case):
    counsellor = world.user(Role.COUNSELLOR)
    refer(counsellor, case, world.home.agency)
    with pytest.raises(ValidationError, match="残っています"):
        refer(counsellor, case, world.home.agency)
    # the world's own case: the agency already reaches it through an older grant
    with pytest.raises(ValidationError, match="すでに別の経緯"):
        refer(counsellor, world.home.case, world.home.agency)
    Case.objects.in_municipality(case.municipality).filter(pk=case.pk).update(status="closed")
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="終結"):
        refer(counsellor, case, world.home.contractor)


def test_the_whole_flow_and_the_grant_ends_with_the_referral(world, case):
    counsellor, agency = world.user(Role.COUNSELLOR), world.user(Role.AGENCY_STAFF)
    referral = refer(counsellor, case, world.home.agency)
    services.respond(agency, referral, Status.ACCEPTED)
    services.respond(agency, referral, Status.IN_PROGRESS)
    services.add_feedback(agency, referral, "初回面談を行いました。")
    assert referral.grant.is_active()
    services.respond(agency, referral, Status.COMPLETED, "支援を終えました。")
    referral.refresh_from_db()
    referral.grant.refresh_from_db()
    assert referral.status == Status.COMPLETED and referral.closed_at and referral.answered_at
    assert not referral.grant.is_active() and referral.grant.ended_by == agency
    assert not Case.objects.visible_to(agency, Action.VIEW_CASE).filter(pk=case.pk).exists()
    # the agency still sees the referral it received (not the case)
    assert Referral.objects.visible_to(agency, Action.VIEW_CASE).filter(pk=referral.pk).exists()
    kinds = [
        e.kind
        for e in ReferralEvent.objects.in_municipality(case.municipality).order_by("at", "pk")
    ]
    assert kinds == ["sent", "accepted", "in_progress", "feedback", "completed"]
    # the sender was told of each answer and of the feedback; never personal data
    notes = _notes(counsellor)
    assert [k for k, _ in notes] == ["referral_answered"] * 4
    assert all(f"#{case.pk}" in m and "紹介" not in m for _, m in notes)


@pytest.mark.parametrize("end", ["refused", "cancelled"])
def test_refusal_and_cancellation_need_a_reason_and_end_the_grant(world, case, end):
    counsellor, agency = world.user(Role.COUNSELLOR), world.user(Role.AGENCY_STAFF)
    referral = refer(counsellor, case, world.home.agency)
    act = (
        (lambda note: services.respond(agency, referral, Status.REFUSED, note))
        if end == "refused"
        else (lambda note: services.cancel(counsellor, referral, note))
    )
    with pytest.raises(ValidationError, match="理由"):
        act("   ")
    act("対象年齢外のため")
    referral.refresh_from_db()
    referral.grant.refresh_from_db()
    assert referral.status == end and not referral.grant.is_active()
    assert "おつなぎ" in referral.grant.end_reason
    if end == "cancelled":  # the organisation learns that the referral was withdrawn
        cancelled = ("referral_cancelled", f"おつなぎが取り消されました（ケース #{case.pk}）")
        assert cancelled in _notes(agency)
    else:
        assert "referral_answered" in [kind for kind, _ in _notes(counsellor)]


@pytest.mark.parametrize(
    ("path", "to"),
    [
        ([], Status.COMPLETED),  # 送付 → 完了: must be accepted first
        ([], Status.IN_PROGRESS),
        ([], Status.SENT),
        ([Status.ACCEPTED], Status.ACCEPTED),
        ([Status.ACCEPTED], Status.REFUSED),  # once accepted, not refused
        ([Status.ACCEPTED, Status.COMPLETED], Status.IN_PROGRESS),
        ([Status.REFUSED], Status.ACCEPTED),
        ([], "bogus"),
    ],
)
def test_invalid_transitions_are_refused(world, case, path, to):
    agency = world.user(Role.AGENCY_STAFF)
    referral = refer(world.user(Role.COUNSELLOR), case, world.home.agency)
    for status in path:
        services.respond(agency, referral, status, "理由")
    before = referral.status
    with pytest.raises(ValidationError) as error:
        services.respond(agency, referral, to, "理由")
    assert "status" in error.value.message_dict
    referral.refresh_from_db()
    assert referral.status == before


def test_sides_cannot_take_each_others_steps(world, case):
    counsellor, agency = world.user(Role.COUNSELLOR), world.user(Role.AGENCY_STAFF)
    referral = refer(counsellor, case, world.home.agency)
    with pytest.raises(PermissionDenied):
        services.respond(counsellor, referral, Status.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.cancel(agency, referral, "理由")
    with pytest.raises(PermissionDenied):
        services.add_feedback(counsellor, referral, "x")
    # an agency user of another organisation of the same municipality
    other = make_user(
        "other_agency", Role.AGENCY_STAFF, world.home, organization=world.home.contractor
    )
    with pytest.raises(PermissionDenied):
        services.respond(other, referral, Status.ACCEPTED)
    # after cancellation nothing moves
    services.cancel(counsellor, referral, "本人が辞退")
    with pytest.raises(ValidationError, match="終了しています"):
        services.respond(agency, referral, Status.ACCEPTED)
    with pytest.raises(ValidationError):
        services.cancel(counsellor, referral, "もう一度")


def test_feedback_only_once_taken_up(world, case):
    agency = world.user(Role.AGENCY_STAFF)
    referral = refer(world.user(Role.COUNSELLOR), case, world.home.agency)
    with pytest.raises(ValidationError, match="受理"):
        services.add_feedback(agency, referral, "まだ受理していない")
    services.respond(agency, referral, Status.ACCEPTED)
    with pytest.raises(ValidationError):
        services.add_feedback(agency, referral, "")
    with pytest.raises(ValidationError):
        services.add_feedback(agency, referral, "x" * 4001)
    services.add_feedback(agency, referral, "連絡がとれました")


def test_overdue_after_the_answer_period(world, case):
    counsellor = world.user(Role.COUNSELLOR)
    referral = refer(counsellor, case, world.home.agency)
    today = timezone.localdate()
    assert not queries.overdue_referrals(counsellor, today).exists()
    late = today + datetime.timedelta(days=queries.ANSWER_WITHIN_DAYS + 1)
    assert list(queries.overdue_referrals(counsellor, late)) == [referral]
    # the day the period ends it is not yet overdue
    due = today + datetime.timedelta(days=queries.ANSWER_WITHIN_DAYS)
    assert not queries.overdue_referrals(counsellor, due).exists()
    # somebody else's referral is not on my dashboard; an answered one is not overdue
    assert not queries.overdue_referrals(world.user(Role.SUPERVISOR), late).exists()
    services.respond(world.user(Role.AGENCY_STAFF), referral, Status.ACCEPTED)
    assert not queries.overdue_referrals(counsellor, late).exists()


def test_overdue_counts_local_days(world, case):
    """Sent at 2026-04-01 08:59 JST (still 3月31日 in UTC): due by the end of 4月15日 (local),
    overdue from 4月16日 — never a day early because of the UTC date."""
    counsellor = world.user(Role.COUNSELLOR)
    referral = refer(counsellor, case, world.home.agency)
    sent = datetime.datetime(2026, 3, 31, 23, 59, tzinfo=datetime.UTC)
    Referral.objects.in_municipality(case.municipality).filter(pk=referral.pk).update(sent_at=sent)
    assert not queries.overdue_referrals(counsellor, datetime.date(2026, 4, 15)).exists()
    assert queries.overdue_referrals(counsellor, datetime.date(2026, 4, 16)).exists()
