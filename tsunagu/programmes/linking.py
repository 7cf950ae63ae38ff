"""Linking a participant to case data: the person record and the members of that person's
household, as far as the user may see them. Never for a programme an organisation runs (its
member list is its own), and never for a role that may not see the case — a 団体・広報担当
account enrols by name only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, can
from tsunagu.audit.log import record_list
from tsunagu.people.models import HouseholdMember, Person

from .models import Programme

if TYPE_CHECKING:
    from tsunagu.accounts.models import User


def links_persons(user: User, programme: Programme) -> bool:
    """May this user link this programme's participants to case data at all?"""
    return programme.organization_id is None and can(
        user, Action.VIEW_CASE, programme.municipality_id
    )


def person_for(user: User, programme: Programme, person_id: int | None) -> Person | None:
    """A person record the user may view, to link a participant to (an error if not)."""
    if not person_id:
        return None
    person = Person.objects.visible_to(user, Action.VIEW_PERSON).filter(pk=person_id).first()
    if person is None or person.municipality_id != programme.municipality_id:
        raise ValidationError({"person_id": _("その番号の本人記録は見つかりません。")})
    return person


def household_of(user: User, programme: Programme, person: Person | None) -> list[HouseholdMember]:
    """The members of the person's households that the user sees with the case (VIEW_CASE),
    in the order they were recorded; the listing is audited."""
    if person is None or not links_persons(user, programme):
        return []
    members = list(
        HouseholdMember.objects.visible_to(user, Action.VIEW_CASE)
        .filter(household__person=person)
        .order_by("household_id", "pk")
    )
    record_list(HouseholdMember, members, page="programme_enrol")
    return members


def member_label(member: HouseholdMember, today) -> str:
    """「母・78歳（山田花子）」: relation, age when known, name when recorded."""
    age = member.age_on(today)
    label = str(member.get_relation_display())
    if age is not None:
        label += _("・%(age)s歳") % {"age": age}
    if member.name:
        label += f"（{member.name}）"
    return label


def pick_member(
    members: list[HouseholdMember], person: Person | None, member_id: int | None
) -> HouseholdMember | None:
    """The chosen household member, only among ``members`` (household_of: the person's
    members the user may see)."""
    if not member_id:
        return None
    if person is None:
        raise ValidationError(
            {"person_id": _("世帯員を選ぶときは、本人記録の番号も入力してください。")}
        )
    member = next((m for m in members if m.pk == member_id), None)
    if member is None:
        raise ValidationError({"household_member": _("その世帯員は選べません。")})
    return member
