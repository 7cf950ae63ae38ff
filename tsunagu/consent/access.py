"""Access helpers of consents and disclosures: fetch through the scoping, check, audit.

Consents are the person's: a case's consent page lists the consents of the case's person that
the user reaches (through the cases they were recorded on). A disclosure history is per person,
for roles holding VIEW_DISCLOSURES (supervisors).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from tsunagu.accounts.models import User, unnamed_user_fields
from tsunagu.accounts.permissions import Action
from tsunagu.people.models import Case, Person
from tsunagu.tenancy.access import fetch_for_user

from .models import (
    Consent,
    ConsentOrganization,
    Disclosure,
    DisclosureOrganization,
    DisclosureRecipient,
)


def get_case_for_consents(user: User, case_id: int, action: str = Action.VIEW_CONSENTS) -> Case:
    """The case whose consents are shown (404 for a case the user does not reach with
    `action`), audited as a view of the case."""
    return fetch_for_user(user, action, Case, case_id, related=["person", "window"])


def get_consent_for_user(
    user: User, consent_id: int, action: str = Action.VIEW_CONSENTS
) -> Consent:
    return fetch_for_user(
        user, action, Consent, consent_id, related=["case", "case__person", "case__window"]
    )


def get_person_for_disclosures(user: User, person_id: int) -> Person:
    return fetch_for_user(user, Action.VIEW_DISCLOSURES, Person, person_id)


def _replaced() -> Exists:
    # Whether a newer record supersedes the consent; the outer query carries the scope.
    newer = Consent.objects.unscoped("part of a scoped consent query").filter(
        supersedes=OuterRef("pk")
    )
    return Exists(newer)


def consents_of_case(user: User, case: Case) -> QuerySet[Consent]:
    """The consents of the case's person this user sees, newest first, each with its
    organisations and whether it was replaced (`replaced`)."""
    links = (
        ConsentOrganization.objects.visible_to(user, Action.VIEW_CONSENTS)
        .select_related("organization")
        .order_by("organization__name")
    )
    return (
        Consent.objects.visible_to(user, Action.VIEW_CONSENTS)
        .filter(person_id=case.person_id)
        .annotate(replaced=_replaced())
        .select_related("recorded_by", "withdrawn_by")
        .defer(*unnamed_user_fields("recorded_by"), *unnamed_user_fields("withdrawn_by"))
        .prefetch_related(Prefetch("organization_links", queryset=links))
        .order_by("-recorded_at", "-pk")
    )


def disclosures_of_person(user: User, person: Person) -> QuerySet[Disclosure]:
    """The person's disclosures, newest first, with organisations and recipients."""
    orgs = (
        DisclosureOrganization.objects.visible_to(user, Action.VIEW_DISCLOSURES)
        .select_related("organization")
        .order_by("organization__name")
    )
    recipients = (
        DisclosureRecipient.objects.visible_to(user, Action.VIEW_DISCLOSURES)
        .select_related("user")
        .defer(*unnamed_user_fields("user"))
        .order_by("user__username")
    )
    return (
        Disclosure.objects.visible_to(user, Action.VIEW_DISCLOSURES)
        .filter(person_id=person.pk)
        .select_related("actor")
        .defer(*unnamed_user_fields("actor"))
        .prefetch_related(
            Prefetch("organization_links", queryset=orgs),
            Prefetch("recipient_links", queryset=recipients),
        )
        .order_by("-disclosed_at", "-pk")
    )
