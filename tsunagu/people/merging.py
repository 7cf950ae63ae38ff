"""Merging two person records of the same municipality, and undoing a merge exactly.

A merge moves the absorbed person's cases and households to the kept person, re-points the
household members that referred to the absorbed person, and marks it ``merged_into`` (absorbed
persons drop out of lists: see ``models.not_merged``). The ``PersonMerge`` row lists the ids of
every row it moved, so ``undo_merge`` moves exactly those back. Every row written is audited
by the scoping queryset / signals.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require

from .models import Case, Household, HouseholdMember, Person, PersonMerge


def _persons_for_merge(actor: User, *persons: Person) -> list[Person]:
    ids = [p.pk for p in persons]
    found = {
        p.pk: p
        for p in Person.objects.visible_to(actor, Action.MERGE_PERSONS)
        .select_for_update()
        .filter(pk__in=ids)
    }
    if len(found) != len(set(ids)):
        raise PermissionDenied("この記録を扱う権限がありません。")
    return [found[i] for i in ids]


def _move_plan(municipality_id: int, absorbed: Person) -> dict[str, list[int]]:
    def ids(qs) -> list[int]:
        return sorted(qs.values_list("pk", flat=True))

    return {
        "cases": ids(Case.objects.in_municipality(municipality_id).filter(person=absorbed)),
        "households": ids(
            Household.objects.in_municipality(municipality_id).filter(person=absorbed)
        ),
        "household_members": ids(
            HouseholdMember.objects.in_municipality(municipality_id).filter(person=absorbed)
        ),
    }


def preview_merge(actor: User, keep: Person, absorb: Person) -> dict[str, list[int]]:
    """What ``merge_persons`` would move (ids), after the same checks; writes nothing."""
    _check(actor, keep, absorb)
    return _move_plan(keep.municipality_id, absorb)


def _check(actor: User, keep: Person, absorb: Person) -> None:
    require(actor, Action.MERGE_PERSONS, keep.municipality_id)
    if keep.municipality_id != absorb.municipality_id:
        raise ValidationError("別の自治体の記録とは統合できません。")
    if keep.pk == absorb.pk:
        raise ValidationError("同じ記録どうしは統合できません。")
    if keep.merged_into_id or absorb.merged_into_id:
        raise ValidationError(
            "すでに統合された記録は統合できません。統合先の記録を選んでください。"
        )


def _move(
    model, municipality_id: int, ids: list[int], field: str, src: Person, dst: Person
) -> None:
    if ids:
        model.objects.in_municipality(municipality_id).filter(pk__in=ids, **{field: src}).update(
            **{field: dst}
        )


@transaction.atomic
def merge_persons(actor: User, keep: Person, absorb: Person, *, reason: str) -> PersonMerge:
    """Merge ``absorb`` into ``keep`` (スーパーバイザー only, same municipality)."""
    _check(actor, keep, absorb)
    if not reason or not reason.strip():
        raise ValidationError({"reason": "統合の理由を入力してください。"})
    keep, absorb = _persons_for_merge(actor, keep, absorb)
    _check(actor, keep, absorb)  # again, on the locked rows
    m = keep.municipality_id
    moved = _move_plan(m, absorb)
    _move(Case, m, moved["cases"], "person", absorb, keep)
    _move(Household, m, moved["households"], "person", absorb, keep)
    _move(HouseholdMember, m, moved["household_members"], "person", absorb, keep)
    absorb.merged_into = keep
    absorb.save(update_fields=["merged_into"])  # a save, so search indexes see it
    return PersonMerge.objects.create(
        municipality_id=m,
        kept=keep,
        absorbed=absorb,
        reason=reason.strip(),
        moved=moved,
        merged_by=actor,
    )


@transaction.atomic
def undo_merge(actor: User, merge: PersonMerge, *, reason: str = "") -> PersonMerge:
    """Move exactly the rows the merge moved back to the absorbed person and restore it."""
    require(actor, Action.MERGE_PERSONS, merge.municipality_id)
    fresh = (
        PersonMerge.objects.visible_to(actor, Action.MERGE_PERSONS)
        .select_for_update()
        .filter(pk=merge.pk)
        .first()
    )
    if fresh is None:
        raise PermissionDenied("この記録を扱う権限がありません。")
    if fresh.undone_at is not None:
        raise ValidationError("この統合はすでに取り消されています。")
    keep, absorb = _persons_for_merge(actor, fresh.kept, fresh.absorbed)
    if keep.merged_into_id:
        raise ValidationError(
            "残した記録がその後さらに統合されています。先にそちらの統合を取り消してください。"
        )
    if absorb.merged_into_id != keep.pk:
        raise ValidationError("統合された記録の状態が変わっているため取り消せません。")
    m = fresh.municipality_id
    moved = fresh.moved
    _move(Case, m, moved.get("cases", []), "person", keep, absorb)
    _move(Household, m, moved.get("households", []), "person", keep, absorb)
    _move(HouseholdMember, m, moved.get("household_members", []), "person", keep, absorb)
    absorb.merged_into = None
    absorb.save(update_fields=["merged_into"])
    fresh.undone_at = timezone.now()
    fresh.undone_by = actor
    fresh.undo_reason = reason.strip()
    fresh.save()
    merge.undone_at, merge.undone_by = fresh.undone_at, actor
    return fresh
