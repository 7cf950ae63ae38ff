"""Access helpers: the only way views fetch persons, cases and merges (scoped, checked, audited)."""

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.tenancy.access import fetch_for_user

from .models import Case, Person, PersonMerge


def get_person_for_user(user: User, person_id: int, action: str = Action.VIEW_PERSON) -> Person:
    return fetch_for_user(user, action, Person, person_id, related=["municipality"])


def get_case_for_user(user: User, case_id: int, action: str = Action.VIEW_CASE) -> Case:
    return fetch_for_user(
        user, action, Case, case_id, related=["person", "window", "lead_worker", "municipality"]
    )


def get_merge_for_user(user: User, merge_id: int) -> PersonMerge:
    return fetch_for_user(
        user,
        Action.MERGE_PERSONS,
        PersonMerge,
        merge_id,
        related=["kept", "absorbed", "merged_by", "undone_by"],
    )
