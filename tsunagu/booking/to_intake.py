"""「受付票にする」: a booking becomes a draft intake in one step — filled with what the visitor
gave (nickname, contact, who is consulting, how, the note) and linked to the booking (one
intake per booking), in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.intake.answers import validate_answers
from tsunagu.intake.form_services import default_version
from tsunagu.intake.models import Intake
from tsunagu.intake.schema import core_fields, field_map

from .models import Booking, Consulter, ContactMethod

RELATION = {Consulter.SELF: "self", Consulter.SUPPORTER: "agency", Consulter.OTHER: "other"}


def _fits(schema: dict[str, Any], field: dict[str, Any] | None, value: Any) -> bool:
    if field is None or not value:
        return False
    try:
        validate_answers(schema, {field["key"]: value}, partial=True, today=timezone.localdate())
    except ValidationError:
        return False
    return True


def answers_from_booking(schema: dict[str, Any], booking: Booking) -> dict[str, Any]:
    """What the booking says, for this form version (only answers it has and accepts)."""
    core = core_fields(schema)
    fields = field_map(schema)
    channel = "pop_up" if booking.place else booking.mode
    wanted = [
        (core.get("channel"), channel),
        (core.get("consulter_relation"), RELATION.get(booking.consulter, "")),
        (fields.get("consulter_name"), booking.nickname),
        (core.get("summary"), booking.note),
    ]
    if booking.contact_method == ContactMethod.PHONE or len(booking.contact) <= 40:
        wanted.append((fields.get("consulter_phone"), booking.contact))
    return {f["key"]: v for f, v in wanted if _fits(schema, f, v)}


@transaction.atomic
def intake_from_booking(actor: User, booking: Booking) -> Intake:
    """A draft intake at the booking's window, pre-filled and linked; refused a second time."""
    from tsunagu.intake.services import start_intake

    require(actor, Action.MANAGE_BOOKINGS, booking.municipality_id)
    booking = (
        Booking.objects.visible_to(actor, Action.MANAGE_BOOKINGS)
        .select_for_update()
        .select_related("window", "window__municipality")
        .get(pk=booking.pk)
    )
    if booking.intake_id is not None:
        raise ValidationError({"booking": ["この予約からは既に受付票が作成されています。"]})
    version = default_version(booking.municipality_id)
    answers = answers_from_booking(version.schema, booking) if version is not None else {}
    intake = start_intake(
        actor,
        booking.window.municipality,
        window=booking.window,
        form_version=version,
        answers=answers,
        received_at=min(timezone.now(), booking.starts_at),
    )
    booking.intake = intake
    booking.save(update_fields=["intake"])
    return intake
