"""Access helpers: the only way views fetch persons, cases and merges (scoped, checked, audited)."""

from django.http import Http404

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.audit.log import record_view

from .models import Case, Person, PersonMerge


def get_person_for_user(user: User, person_id: int) -> Person:
    person = Person.objects.visible_to(user).filter(pk=person_id).first()
    if person is None:
        raise Http404
    assert person.municipality_id in {m.municipality_id for m in user.active_memberships()}
    require(user, Action.VIEW_PERSON, person.municipality_id)
    record_view(person)
    return person


def get_case_for_user(user: User, case_id: int) -> Case:
    case = (
        Case.objects.visible_to(user)
        .select_related("person", "window", "lead_worker")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    assert case.municipality_id in {m.municipality_id for m in user.active_memberships()}
    require(user, Action.VIEW_CASE, case.municipality_id)
    record_view(case)
    return case


def get_merge_for_user(user: User, merge_id: int) -> PersonMerge:
    merge = (
        PersonMerge.objects.visible_to(user)
        .select_related("kept", "absorbed", "merged_by", "undone_by")
        .filter(pk=merge_id)
        .first()
    )
    if merge is None:
        raise Http404
    assert merge.municipality_id in {m.municipality_id for m in user.active_memberships()}
    require(user, Action.MERGE_PERSONS, merge.municipality_id)
    record_view(merge)
    return merge
