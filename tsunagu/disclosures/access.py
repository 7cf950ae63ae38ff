"""Access helpers of the disclosure pages (scoped, checked, audited: tenancy.access)."""

from tsunagu.accounts.models import User
from tsunagu.people.models import Person
from tsunagu.tenancy.access import fetch_for_user

from .assemble import ACTION
from .models import DisclosureRequest


def get_person_for_disclosure(user: User, person_id: int) -> Person:
    return fetch_for_user(user, ACTION, Person, person_id, related=["municipality"])


def get_request_for_user(user: User, request_id: int) -> DisclosureRequest:
    return fetch_for_user(
        user, ACTION, DisclosureRequest, request_id, related=["person", "municipality"]
    )


def requests_of_person(user: User, person: Person) -> list[DisclosureRequest]:
    return list(
        DisclosureRequest.objects.visible_to(user, ACTION)
        .filter(person=person)
        .select_related("created_by", "exported_by")
        .order_by("-received_on", "-pk")
    )
