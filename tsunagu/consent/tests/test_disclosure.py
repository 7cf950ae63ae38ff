"""disclose(), Basis, valid_consents, consent_allows: sharing by legal basis, checked now."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.consent.disclosure import (
    Basis,
    DisclosureRefused,
    consent_allows,
    disclose,
    valid_consents,
)
from tsunagu.consent.models import Category, Consent, Disclosure, DisclosureOrganization
from tsunagu.consent.services import change_consent, withdraw_consent

from .helpers import a_year_ahead, consent_for

pytestmark = pytest.mark.django_db

APRIL_20 = datetime.datetime(2026, 4, 20, 10, 0, tzinfo=datetime.UTC)


def jst(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def consent(world):
    expires = a_year_ahead()  # from the real date: valid on April 20 and when the test runs
    with time_machine.travel(APRIL_20, tick=False):
        return consent_for(world, expires_on=expires)


def share(world, basis, *, channel="referral", categories=(Category.BASIC,), orgs=None, **kw):
    return disclose(
        world.user(Role.COUNSELLOR),
        world.home.case,
        channel=channel,
        organizations=orgs if orgs is not None else [world.home.agency],
        categories=categories,
        basis=basis,
        **kw,
    )


def refusal(callable_) -> str:
    with pytest.raises(DisclosureRefused) as caught:
        callable_()
    return caught.value.messages[0]


def test_a_valid_consent_allows_sharing_and_the_disclosure_is_recorded(world, consent):
    with time_machine.travel(APRIL_20, tick=False):
        recipient = world.user(Role.AGENCY_STAFF)
        disclosure = share(world, Basis.consent(consent), recipients=[recipient], target=consent)
    assert disclosure.basis == "consent" and disclosure.consent_id == consent.pk
    assert disclosure.person_id == world.home.person.pk
    assert disclosure.categories == [Category.BASIC]
    assert disclosure.target_type == "consent.consent" and disclosure.target_id == str(consent.pk)
    links = DisclosureOrganization.objects.unscoped("test").filter(disclosure=disclosure)
    assert [link.organization_id for link in links] == [world.home.agency.pk]
    assert "情報提供" in disclosure.basis_label() or "同意" in disclosure.basis_label()
    assert AuditEvent.objects.filter(
        object_type="consent.disclosure", object_id=str(disclosure.pk), action="create"
    ).exists()


def test_sharing_is_refused_after_withdrawal(world, consent):
    with time_machine.travel(APRIL_20, tick=False):
        stale = Consent.objects.unscoped("test").get(pk=consent.pk)
        withdraw_consent(world.user(Role.COUNSELLOR), stale, reason="本人の申し出")
        # `consent` is the caller's object from before the withdrawal: disclose re-reads it
        message = refusal(lambda: share(world, Basis.consent(consent)))
    assert "撤回されている" in message
    assert not Disclosure.objects.unscoped("test").exists()
    with time_machine.travel(APRIL_20, tick=False):
        assert not consent_allows(world.home.case, world.home.agency, [Category.BASIC])


def test_sharing_is_refused_after_expiry_from_the_next_local_day(world):
    with time_machine.travel(APRIL_20, tick=False):
        consent = consent_for(world, expires_on=datetime.date(2027, 3, 31))
    # valid through 2027-03-31 (Tokyo); refused on 2027-04-01 at 00:00 JST (= 03-31 15:00 UTC)
    with time_machine.travel(jst(datetime.date(2027, 3, 31), 23), tick=False):
        assert consent_allows(world.home.case, world.home.agency, [Category.BASIC])
        share(world, Basis.consent(consent))
    with time_machine.travel(
        timezone.make_aware(datetime.datetime(2027, 4, 1, 0, 0, 1)), tick=False
    ):
        assert not consent_allows(world.home.case, world.home.agency, [Category.BASIC])
        message = refusal(lambda: share(world, Basis.consent(consent)))
    assert "有効期限" in message and "過ぎている" in message


def test_a_consent_not_covering_the_organization_or_category_is_refused(world, consent):
    with time_machine.travel(APRIL_20, tick=False):
        message = refusal(
            lambda: share(world, Basis.consent(consent), orgs=[world.home.contractor])
        )
        assert "提供先に含まれていない機関" in message and world.home.contractor.name in message
        message = refusal(
            lambda: share(world, Basis.consent(consent), categories=[Category.SENSITIVE])
        )
        assert "要配慮個人情報" in message
        assert not consent_allows(world.home.case, world.home.contractor, [Category.BASIC])
        assert not consent_allows(world.home.case, world.home.agency, [Category.ASSESSMENT])
        assert consent_allows(
            world.home.case, world.home.agency, [Category.BASIC, Category.CONTACTS]
        )


def test_a_consent_of_another_person_is_refused(world, consent):
    with time_machine.travel(APRIL_20, tick=False):
        message = refusal(
            lambda: disclose(
                world.user(Role.SUPERVISOR),
                world.home.other_case,
                channel="referral",
                organizations=[world.home.agency],
                categories=[Category.BASIC],
                basis=Basis.consent(consent),
            )
        )
    assert "本人の同意ではない" in message


def test_a_superseded_consent_is_refused_and_the_new_one_is_offered(world, consent):
    with time_machine.travel(APRIL_20 + datetime.timedelta(hours=1), tick=False):
        newer = change_consent(
            world.user(Role.COUNSELLOR),
            consent,
            given_by="person",
            organizations=[world.home.agency.pk, world.home.contractor.pk],
            categories=[Category.BASIC],
            purpose="範囲を変更",
            given_on="2026-04-20",
            form="oral",
        )
        assert "変更されています" in refusal(lambda: share(world, Basis.consent(consent)))
        share(world, Basis.consent(newer), orgs=[world.home.contractor])
        offered = valid_consents(
            world.home.case, organizations=[world.home.contractor], categories=[Category.BASIC]
        )
        assert offered == [newer]
        assert valid_consents(world.home.person, categories=[Category.CONTACTS]) == []
        # the history at a moment before the change still finds the old consent
        before = valid_consents(world.home.case, at=APRIL_20 + datetime.timedelta(minutes=30))
        assert before == [consent]


def test_support_meeting_basis_only_for_a_support_meeting(world):
    class Meeting:
        pk = 7
        is_support_meeting = True
        _meta = Consent._meta  # only for the label of the target

    class Item:
        pk = 8
        meeting = Meeting()
        _meta = Consent._meta

    with time_machine.travel(APRIL_20, tick=False):
        basis = Basis.support_meeting()
        assert "支援会議での情報共有だけ" in refusal(lambda: share(world, basis))
        assert "支援会議での情報共有だけ" in refusal(lambda: share(world, basis, channel="meeting"))
        other = Meeting()
        other.is_support_meeting = False
        assert "支援会議" in refusal(lambda: share(world, basis, channel="meeting", target=other))
        done = share(world, basis, channel="meeting", target=Meeting())
        assert done.basis == "support_meeting" and "第106条の6" in done.basis_label()
        share(world, basis, channel="meeting", target=Item())


def test_a_statute_needs_a_name(world):
    with time_machine.travel(APRIL_20, tick=False):
        assert "法令の名前" in refusal(lambda: share(world, Basis.statute("  ")))
        assert refusal(lambda: share(world, Basis.statute("x\x00")))
        assert refusal(lambda: share(world, Basis.statute("長" * 301)))
        law = "人の生命、身体又は財産の保護のため（個人情報保護法第69条第2項第4号）"
        done = share(world, Basis.statute(law), channel="export", orgs=[])
    assert done.statute == law and done.basis_label() == law


def test_hostile_requests_are_refused(world, consent):
    with time_machine.travel(APRIL_20, tick=False):
        basis = Basis.consent(consent)
        assert "経路" in refusal(lambda: share(world, basis, channel="email"))
        assert "種類を選んで" in refusal(lambda: share(world, basis, categories=[]))
        assert "種類が正しくありません" in refusal(
            lambda: share(world, basis, categories=["everything"])
        )
        assert "他の自治体" in refusal(lambda: share(world, basis, orgs=[world.away.agency]))
        assert "根拠" in refusal(lambda: share(world, Basis("nonsense")))
        assert "同意を選んで" in refusal(lambda: share(world, Basis("consent")))


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.COUNSELLOR, True),
        (Role.SUPERVISOR, True),
        (Role.CONTRACTED_COUNSELLOR, True),  # through its grant
        (Role.RECEPTION, True),  # the window's reception reaches the case
        (Role.AGENCY_STAFF, True),  # through the referral's grant
        (Role.WELFARE_COMMISSIONER, False),
        (Role.MUNICIPALITY_ADMIN, False),
        (Role.PREFECTURE_ANALYST, False),
    ],
)
def test_only_users_reaching_the_case_may_disclose(world, consent, role, allowed):
    # now (not April): the world's grants start when the world is built
    if True:
        run = lambda: disclose(  # noqa: E731
            world.user(role),
            world.home.case,
            channel="referral",
            organizations=[world.home.agency],
            categories=[Category.BASIC],
            basis=Basis.consent(consent),
        )
        if allowed:
            run()
        else:
            assert "権限がありません" in refusal(run)


def test_away_supervisor_cannot_disclose_a_home_case(world, consent):
    with time_machine.travel(APRIL_20, tick=False):
        run = lambda: disclose(  # noqa: E731
            world.away.users[Role.SUPERVISOR],
            world.home.case,
            channel="referral",
            organizations=[],
            categories=[Category.BASIC],
            basis=Basis.statute("法令"),
        )
        assert "権限がありません" in refusal(run)


def test_a_future_consent_does_not_count_yet(world):
    with time_machine.travel(APRIL_20, tick=False):
        consent = consent_for(world, given_on=datetime.date(2026, 4, 20))
    with time_machine.travel(APRIL_20 - datetime.timedelta(days=2), tick=False):
        assert valid_consents(world.home.case) == []
        assert "同意日" in refusal(lambda: share(world, Basis.consent(consent)))
