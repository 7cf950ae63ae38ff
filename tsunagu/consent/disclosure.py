"""Sharing case information outside the case's own team, by legal basis (issue 8, point 2).

Every referral, meeting, export and case-study document calls `disclose(...)` inside its own
transaction, BEFORE the data leaves. `disclose` checks the basis at that very moment and writes a
`Disclosure` row, or raises `DisclosureRefused` with a Japanese message the caller shows as is:

- `Basis.consent(consent)`: the consent must be the case's person's, given (given_on ≤ today),
  not withdrawn, not expired (expires_on ≥ today, local date), not superseded by a later record,
  and its organisations and categories must cover the disclosure. The consent row is re-read
  (and locked on PostgreSQL), so a withdrawal recorded a moment ago stops the sharing;
- `Basis.support_meeting()`: 社会福祉法第106条の6 — only on the channel "meeting", and only for a
  支援会議: the `target` (the meeting, or an object with a `.meeting`) must say
  `is_support_meeting` is True;
- `Basis.statute(name)`: another named statute (e.g. protection of life); the name is required.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from tsunagu.accounts.permissions import Action
from tsunagu.audit.log import object_label
from tsunagu.core.validation import clean_text
from tsunagu.jp.wareki import format_wareki
from tsunagu.people.models import Case, Person
from tsunagu.tenancy.models import Organization

from .models import (
    BasisKind,
    Category,
    Channel,
    Consent,
    ConsentOrganization,
    Disclosure,
    DisclosureOrganization,
    DisclosureRecipient,
)

if TYPE_CHECKING:
    from tsunagu.accounts.models import User

SUPPORT_MEETING_LAW = "社会福祉法第106条の6（支援会議）"


class DisclosureRefused(ValidationError):
    """Sharing refused: no valid basis. `.messages` holds the Japanese reason."""


@dataclass(frozen=True)
class Basis:
    kind: str
    consent_record: Consent | None = None
    statute_name: str = ""

    @classmethod
    def consent(cls, consent: Consent) -> Basis:
        return cls(BasisKind.CONSENT, consent_record=consent)

    @classmethod
    def support_meeting(cls) -> Basis:
        return cls(BasisKind.SUPPORT_MEETING)

    @classmethod
    def statute(cls, name: str) -> Basis:
        return cls(BasisKind.STATUTE, statute_name=name)


def _day(at: datetime.datetime | None) -> tuple[datetime.datetime, datetime.date]:
    at = at or timezone.now()
    return at, timezone.localdate(at)


def _jp(day: datetime.date) -> str:
    return format_wareki(day)


def _person_of(case_or_person: Case | Person) -> tuple[int, int]:
    if isinstance(case_or_person, Case):
        return case_or_person.person_id, case_or_person.municipality_id
    return case_or_person.pk, case_or_person.municipality_id


def _current_consents(
    person_id: int, municipality_id: int, at: datetime.datetime
) -> models.QuerySet[Consent]:
    """Consents in force at `at`: given, not withdrawn, not expired, not superseded."""
    day = timezone.localdate(at)
    return (
        Consent.objects.in_municipality(municipality_id)
        .filter(person_id=person_id, given_on__lte=day, recorded_at__lte=at)
        .exclude(withdrawn_at__lte=at)
        .exclude(expires_on__lt=day)
        .exclude(superseded_by__recorded_at__lte=at)
    )


def _organization_ids(consent: Consent) -> set[int]:
    links = ConsentOrganization.objects.in_municipality(consent.municipality_id).filter(
        consent=consent
    )
    return set(links.values_list("organization_id", flat=True))


def _covers(consent: Consent, org_ids: set[int], categories: set[str]) -> bool:
    return org_ids <= consent.org_ids and categories <= set(consent.categories)


def valid_consents(
    case_or_person: Case | Person,
    *,
    organizations: Sequence[Organization] = (),
    categories: Collection[str] = (),
    at: datetime.datetime | None = None,
) -> list[Consent]:
    """The person's consents in force at `at` (now) covering these organisations and
    categories, newest first — what a referral or meeting form offers to choose."""
    at, _ = _day(at)
    person_id, municipality_id = _person_of(case_or_person)
    consents = list(
        _current_consents(person_id, municipality_id, at)
        .prefetch_related(
            Prefetch(
                "organization_links",
                queryset=ConsentOrganization.objects.in_municipality(municipality_id),
            )
        )
        .order_by("-given_on", "-pk")
    )
    org_ids = {o.pk for o in organizations}
    wanted = set(categories)
    found = []
    for consent in consents:
        consent.org_ids = {link.organization_id for link in consent.organization_links.all()}
        if _covers(consent, org_ids, wanted):
            found.append(consent)
    return found


def consent_allows(
    case: Case,
    organization: Organization,
    categories: Collection[str],
    at: datetime.datetime | None = None,
) -> bool:
    """Does a consent in force cover sharing these categories with this organisation?"""
    return bool(valid_consents(case, organizations=[organization], categories=categories, at=at))


# Checks ---------------------------------------------------------------------------------------


def _refuse(message: str) -> DisclosureRefused:
    return DisclosureRefused(message, code="disclosure_refused")


def _check_consent(
    case: Case, consent: Consent, org_ids: set[int], categories: set[str], at: datetime.datetime
) -> Consent:
    # Re-read (and lock) the row: the caller's object may predate a withdrawal.
    fresh = (
        Consent.objects.in_municipality(case.municipality_id)
        .select_for_update()
        .filter(pk=consent.pk, person_id=case.person_id)
        .first()
    )
    if fresh is None:
        raise _refuse("この同意はこのケースの本人の同意ではないため、根拠にできません。")
    day = timezone.localdate(at)
    if fresh.withdrawn_at is not None and fresh.withdrawn_at <= at:
        when = _jp(timezone.localdate(fresh.withdrawn_at))
        raise _refuse(f"この同意は{when}に撤回されているため、情報を提供できません。")
    if fresh.expires_on is not None and fresh.expires_on < day:
        raise _refuse(
            f"この同意は有効期限（{_jp(fresh.expires_on)}）を過ぎているため、情報を提供できません。"
            "改めて同意を得て記録してください。"
        )
    if fresh.given_on > day:
        raise _refuse(f"この同意の同意日（{_jp(fresh.given_on)}）より前には情報を提供できません。")
    newer = Consent.objects.in_municipality(case.municipality_id).filter(
        supersedes=fresh, recorded_at__lte=at
    )
    if newer.exists():
        raise _refuse("この同意は変更されています。変更後の同意を根拠にしてください。")
    fresh.org_ids = _organization_ids(fresh)
    missing_orgs = org_ids - fresh.org_ids
    if missing_orgs:
        names = Organization.objects.filter(pk__in=missing_orgs).order_by("name")
        listed = "、".join(o.name for o in names)
        raise _refuse(f"同意の提供先に含まれていない機関があります（{listed}）。")
    missing = categories - set(fresh.categories)
    if missing:
        labels = dict(Category.choices)
        listed = "、".join(str(labels[c]) for c in Category.values if c in missing)
        raise _refuse(f"同意の範囲に含まれていない情報があります（{listed}）。")
    return fresh


def _is_support_meeting(target: Any) -> bool:
    for candidate in (target, getattr(target, "meeting", None)):
        if getattr(candidate, "is_support_meeting", None) is True:
            return True
    return False


def _check_request(
    actor: User,
    case: Case,
    channel: str,
    organizations: Sequence[Organization],
    categories: Collection[str],
) -> None:
    if channel not in Channel.values:
        raise _refuse("情報提供の経路が正しくありません。")
    if not categories:
        raise _refuse("提供する情報の種類を選んでください。")
    unknown = set(categories) - set(Category.values)
    if unknown:
        raise _refuse("提供する情報の種類が正しくありません。")
    if any(o.municipality_id != case.municipality_id for o in organizations):
        raise _refuse("他の自治体の機関には、このケースの情報を提供できません。")
    reaches = Case.objects.visible_to(actor, Action.VIEW_CASE).filter(pk=case.pk).exists()
    if not reaches:
        raise _refuse("このケースの情報を提供する権限がありません。")


def disclose(
    actor: User,
    case: Case,
    *,
    channel: str,
    organizations: Sequence[Organization],
    categories: Collection[str],
    basis: Basis,
    target: models.Model | None = None,
    recipients: Sequence[User] = (),
) -> Disclosure:
    """Check the basis of sharing this case's information now, and record the disclosure.
    Raises DisclosureRefused (with a Japanese message) when there is no valid basis."""
    at = timezone.now()
    organizations = list(organizations)
    wanted = set(categories)
    with transaction.atomic():
        _check_request(actor, case, channel, organizations, wanted)
        consent = None
        statute = ""
        if basis.kind == BasisKind.CONSENT:
            if basis.consent_record is None:
                raise _refuse("根拠とする同意を選んでください。")
            org_ids = {o.pk for o in organizations}
            consent = _check_consent(case, basis.consent_record, org_ids, wanted, at)
        elif basis.kind == BasisKind.SUPPORT_MEETING:
            if channel != Channel.MEETING or not _is_support_meeting(target):
                raise _refuse(
                    f"{SUPPORT_MEETING_LAW}を根拠にできるのは、支援会議での情報共有だけです。"
                )
            statute = SUPPORT_MEETING_LAW
        elif basis.kind == BasisKind.STATUTE:
            try:
                statute = clean_text(basis.statute_name or "", max_length=300)
            except ValidationError as error:
                raise _refuse(error.messages[0]) from None
            if not statute:
                raise _refuse("根拠とする法令の名前（条項）を入力してください。")
        else:
            raise _refuse("情報提供の根拠が正しくありません。")
        disclosure = Disclosure.objects.create(
            municipality_id=case.municipality_id,
            case=case,
            person_id=case.person_id,
            actor=actor,
            channel=channel,
            categories=[c for c in Category.values if c in wanted],
            basis=basis.kind,
            consent=consent,
            statute=statute,
            target_type=object_label(target) if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            disclosed_at=at,
        )
        _link(disclosure, organizations, recipients)
    return disclosure


def _link(
    disclosure: Disclosure, organizations: Sequence[Organization], recipients: Sequence[User]
) -> None:
    municipality_id = disclosure.municipality_id
    orgs = {o.pk for o in organizations}
    DisclosureOrganization.objects.bulk_create(
        DisclosureOrganization(
            municipality_id=municipality_id, disclosure=disclosure, organization_id=pk
        )
        for pk in sorted(orgs)
    )
    users = {u.pk for u in recipients}
    DisclosureRecipient.objects.bulk_create(
        DisclosureRecipient(municipality_id=municipality_id, disclosure=disclosure, user_id=pk)
        for pk in sorted(users)
    )
