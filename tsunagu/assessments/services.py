"""Write path of assessments: start a version (a copy of the newest), save a draft, compare."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action
from tsunagu.core.validation import (
    clean_choice,
    clean_model_text,
    clean_text,
    gather,
    max_length_of,
)
from tsunagu.people.models import Case

from .models import RATING_RANK, Assessment, Domain, DomainRating, Rating
from .version_services import (
    clean_past_date,
    lock_case,
    lock_editable,
    require_document_of,
    start_version,
)

TEXT_FIELDS = ("wishes", "goals", "strengths", "summary")
Ratings = Mapping[str, tuple[str, str]]  # domain → (rating, notes)


@transaction.atomic
def start_assessment(actor: User, case: Case) -> Assessment:
    """A new draft version dated today: a copy of the newest version (its texts and ratings),
    or — the first time — every domain 不明."""
    require_document_of(actor, Action.EDIT_ASSESSMENT, case)
    case = lock_case(case)
    number, newest = start_version(Assessment, case)
    copied = {name: getattr(newest, name) for name in TEXT_FIELDS} if newest else {}
    assessment = Assessment.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        number=number,
        assessed_on=timezone.localdate(),
        created_by=actor,
        **copied,
    )
    previous = {}
    if newest is not None:
        rows = DomainRating.objects.in_municipality(case.municipality_id).filter(assessment=newest)
        previous = {r.domain: r for r in rows}
    DomainRating.objects.bulk_create(
        [
            DomainRating(
                municipality_id=case.municipality_id,
                assessment=assessment,
                domain=domain,
                rating=previous[domain].rating if domain in previous else Rating.UNKNOWN,
                notes=previous[domain].notes if domain in previous else "",
            )
            for domain in Domain.values
        ]
    )
    return assessment


def _rating_checks(ratings: Ratings) -> dict[str, partial]:
    """One check per domain's rating and notes, keyed "<domain>_rating" / "<domain>_notes"
    (the form's field names), so every error of a page comes back at once."""
    unknown = set(ratings) - set(Domain.values)
    if unknown:
        raise ValidationError({"ratings": _("存在しない領域があります。")})
    checks = {}
    for domain, (rating, notes) in ratings.items():
        checks[f"{domain}_rating"] = partial(
            clean_choice, rating, Rating, field=f"{domain}_rating", label=_("評価")
        )
        checks[f"{domain}_notes"] = partial(
            clean_text,
            notes,
            field=f"{domain}_notes",
            max_length=max_length_of(DomainRating, "notes"),
        )
    return checks


@transaction.atomic
def save_assessment(
    actor: User,
    assessment: Assessment,
    *,
    assessed_on: datetime.date | str,
    wishes: str = "",
    goals: str = "",
    strengths: str = "",
    summary: str = "",
    ratings: Ratings | None = None,
) -> Assessment:
    """Save a draft (or returned) version: its date, texts and the given domains' ratings."""
    require_document_of(actor, Action.EDIT_ASSESSMENT, assessment.case)
    assessment = lock_editable(assessment)
    texts = {"wishes": wishes, "goals": goals, "strengths": strengths, "summary": summary}
    values = gather(
        {
            "assessed_on": partial(clean_past_date, assessed_on, field="assessed_on"),
            **{
                name: partial(clean_model_text, Assessment, name, text)
                for name, text in texts.items()
            },
            **_rating_checks(ratings or {}),
        }
    )
    cleaned = {d: (values.pop(f"{d}_rating"), values.pop(f"{d}_notes")) for d in ratings or {}}
    for name, value in values.items():
        setattr(assessment, name, value)
    assessment.save()
    rows = DomainRating.objects.in_municipality(assessment.municipality_id).filter(
        assessment=assessment, domain__in=list(cleaned)
    )
    for row in rows:
        row.assessment = assessment  # the locked, editable version (the part's freeze check)
        row.rating, row.notes = cleaned[row.domain]
        if row.changed_field_names():
            row.save()
    return assessment


@dataclass(frozen=True)
class DomainChange:
    domain: str
    label: str
    before: DomainRating | None
    after: DomainRating | None

    @property
    def changed(self) -> bool:
        before = (self.before.rating, self.before.notes) if self.before else None
        after = (self.after.rating, self.after.notes) if self.after else None
        return before != after

    @property
    def direction(self) -> str:
        """ "better", "worse", "same" (rating on the ordinal scale) or "" (不明 on a side)."""
        if self.before is None or self.after is None:
            return ""
        old = RATING_RANK.get(self.before.rating)
        new = RATING_RANK.get(self.after.rating)
        if old is None or new is None:
            return "" if old != new else "same"
        return "better" if new < old else "worse" if new > old else "same"


def compare(older: Assessment, newer: Assessment) -> list[DomainChange]:
    """The domains of two fetched versions side by side, in the sheet's order."""
    before = {r.domain: r for r in older.ratings.all()}
    after = {r.domain: r for r in newer.ratings.all()}
    return [
        DomainChange(domain, str(label), before.get(domain), after.get(domain))
        for domain, label in Domain.choices
    ]


def changed_texts(older: Assessment, newer: Assessment) -> list[str]:
    """The names of the free-text fields that differ between two versions."""
    return [name for name in TEXT_FIELDS if getattr(older, name) != getattr(newer, name)]
