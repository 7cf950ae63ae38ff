"""Test builders for the intake app: default sheets and one intake per world side.

add_intakes(world) → world.home.intake (at the home window, by the reception user),
world.home.other_intake (at the children's window, by the supervisor: no window-scoped
user of the home window is on it), world.away.intake / other_intake (町田市).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.intake.form_services import install_default_sheet
from tsunagu.intake.models import Intake
from tsunagu.intake.services import start_intake, submit_intake
from tsunagu.testing.world import World

FAMILY_CALL = {
    "channel": "phone",
    "consulter_relation": "mother",
    "person_sex": "male",
    "person_birth_date": "昭和60年4月1日",
    "summary": "息子が10年ほど自室からほとんど出ない。",
}


def received(day: datetime.date = datetime.date(2026, 5, 1)) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def take_intake(user, side, window=None, answers=None, submit=True) -> Intake:
    intake = start_intake(
        user,
        side.municipality,
        window=window or side.window,
        answers=answers if answers is not None else FAMILY_CALL,
        received_at=received(),
    )
    if submit:
        submit_intake(user, intake, intake.answers)
    return intake


def add_intakes(world: World) -> World:
    home, away = world.home, world.away
    install_default_sheet(home.municipality)
    install_default_sheet(away.municipality)
    home.intake = take_intake(home.users[Role.RECEPTION], home)
    home.other_intake = take_intake(home.users[Role.SUPERVISOR], home, window=home.other_window)
    away.intake = take_intake(away.users[Role.COUNSELLOR], away)
    away.other_intake = away.intake
    return world


def decide_window(user, intake: Intake, window=None) -> Intake:
    """「担当窓口を決める」 as staff do: the first suggestion (or the intake's window), or
    `window` with a reason when it is not the suggestion."""
    from tsunagu.intake.next_step import routing_suggestions
    from tsunagu.intake.services import route_intake

    suggestions = routing_suggestions(intake)
    suggestion = suggestions[0] if suggestions else None
    window = window or (suggestion.window if suggestion else intake.window)
    reason = "" if suggestion and suggestion.window == window else "テストでの振り分け"
    return route_intake(user, intake, window, reason=reason, suggestion=suggestion)
