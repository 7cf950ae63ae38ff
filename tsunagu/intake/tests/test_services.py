"""Intake services: numbering, drafts, submission, scoping, linking a person and case."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tsunagu.accounts.permissions import Action
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.intake import services
from tsunagu.intake.models import Intake
from tsunagu.people.models import Person
from tsunagu.tenancy.scoping import ScopeError
from tsunagu.testing.intake import (
    FAMILY_CALL,
    add_intakes,
    decide_window,
    received,
    take_intake,
)


def test_numbers_run_per_municipality_and_fiscal_year(world, sheet):
    user = world.user(Role.RECEPTION)
    numbers = [
        services.start_intake(
            user, world.home.municipality, window=world.home.window, received_at=received(day)
        ).number
        for day in (
            datetime.date(2026, 3, 31),
            datetime.date(2026, 4, 1),
            datetime.date(2026, 4, 2),
        )
    ]
    assert numbers == ["2025-0001", "2026-0001", "2026-0002"]
    away = services.start_intake(
        world.away.users[Role.COUNSELLOR],
        world.away.municipality,
        window=world.away.window,
        received_at=received(),
    )
    assert away.number == "2026-0001"


def test_start_checks_permission_window_and_answers(world, sheet):
    home = world.home
    for role in (Role.AGENCY_STAFF, Role.WELFARE_COMMISSIONER, Role.MUNICIPALITY_ADMIN):
        with pytest.raises(PermissionDenied):
            services.start_intake(world.user(role), home.municipality, window=home.window)
    with pytest.raises(PermissionDenied):  # not a member of 町田市
        services.start_intake(
            world.user(Role.RECEPTION), world.away.municipality, window=world.away.window
        )
    with pytest.raises(ValidationError):
        services.start_intake(
            world.user(Role.RECEPTION), home.municipality, window=world.away.window
        )
    with pytest.raises(ValidationError) as info:
        services.start_intake(
            world.user(Role.RECEPTION), home.municipality, window=home.window, answers={"bogus": 1}
        )
    assert "bogus" in info.value.message_dict
    assert Intake.objects.unscoped("test").count() == 0


def test_no_published_form(world):
    with pytest.raises(ValidationError) as info:
        services.start_intake(
            world.user(Role.RECEPTION), world.home.municipality, window=world.home.window
        )
    assert "公開済みの受付票" in str(info.value)


def test_draft_keeps_valid_answers_and_reports_the_others(world, sheet):
    user = world.user(Role.RECEPTION)
    intake = services.start_intake(user, world.home.municipality, window=world.home.window)
    errors = services.save_draft(
        user, intake, {"consulter_relation": "mother", "next_date": "そのうち", "person_sex": ""}
    )
    assert list(errors) == ["next_date"]
    intake.refresh_from_db()
    assert intake.answers == {"consulter_relation": "mother"}
    assert intake.consulter_relation == "mother" and intake.is_draft


def test_submit_validates_against_its_version_and_fills_columns(world, sheet):
    user = world.user(Role.RECEPTION)
    intake = services.start_intake(
        user, world.home.municipality, window=world.home.window, received_at=received()
    )
    risky = {**FAMILY_CALL, "suicidal": "yes"}
    with pytest.raises(ValidationError) as info:
        services.submit_intake(user, intake, risky)
    assert list(info.value.message_dict) == ["urgency"]
    intake.refresh_from_db()
    assert intake.is_draft
    services.submit_intake(user, intake, {**risky, "urgency": "high", "consent": "given"})
    intake.refresh_from_db()
    assert intake.status == Intake.Status.SUBMITTED and intake.submitted_at
    assert (intake.channel, intake.consulter_relation, intake.person_sex) == (
        "phone",
        "mother",
        "male",
    )
    assert (intake.person_age_band, intake.urgency, intake.consent, intake.has_risk) == (
        "40",
        "high",
        "given",
        True,
    )
    with pytest.raises(ValidationError):
        services.save_draft(user, intake, {})
    # the audit log names the fields, never the answers
    event = AuditEvent.objects.filter(object_type="intake.intake").latest("id")
    assert "answers" in event.changed_fields
    assert "息子" not in str(event.__dict__)


def test_model_clean_validates_answers_with_its_version(world, sheet):
    intake = take_intake(world.user(Role.RECEPTION), world.home)
    intake.answers = {**intake.answers, "channel": "fax"}
    with pytest.raises(ValidationError):
        intake.clean()


def test_scope_like_cases(world, sheet):
    add_intakes(world)
    home = world.home

    def visible(role):
        return set(Intake.objects.visible_to(world.user(role), Action.CREATE_INTAKE))

    assert visible(Role.RECEPTION) == {home.intake}
    assert visible(Role.COUNSELLOR) == {home.intake}  # same window
    assert visible(Role.SUPERVISOR) == {home.intake, home.other_intake}
    assert visible(Role.CONTRACTED_COUNSELLOR) == set()
    assert visible(Role.AGENCY_STAFF) == set()
    assert visible(Role.MUNICIPALITY_ADMIN) == set()
    assert set(
        Intake.objects.visible_to(world.away.users[Role.SUPERVISOR], Action.CREATE_INTAKE)
    ) == {world.away.intake}
    with pytest.raises(ScopeError):
        list(Intake.objects.filter(municipality=home.municipality))


def test_create_person_and_case_from_a_family_only_intake(world, sheet):
    user = world.user(Role.COUNSELLOR)
    answers = {
        "channel": "phone",
        "consulter_relation": "mother",
        "summary": "息子のこと",
        "person_nickname": "たっくん",
        "person_birth_date": "S60.4.1",
    }
    intake = take_intake(user, world.home, answers=answers)
    decide_window(user, intake)
    with pytest.raises(ValidationError):  # the world's person shares the birth date
        services.create_person_for_intake(user, intake)
    services.create_person_for_intake(user, intake, confirmed_new=True)
    intake.refresh_from_db()
    person = intake.person
    assert (person.nickname, person.family_name, person.birth_date) == (
        "たっくん",
        "",
        datetime.date(1985, 4, 1),
    )
    assert intake.case.person == person and intake.case.window == world.home.window
    assert intake.case.summary == "息子のこと"
    with pytest.raises(ValidationError):  # only once
        services.create_person_for_intake(user, intake, confirmed_new=True)


def test_link_to_an_existing_person(world, sheet):
    user = world.user(Role.SUPERVISOR)
    intake = take_intake(user, world.home)
    decide_window(user, intake)
    services.link_person(user, intake, world.home.person)
    assert intake.person == world.home.person and intake.case.person == world.home.person
    other = take_intake(user, world.home)
    decide_window(user, other)
    with pytest.raises(ValidationError):
        services.link_person(user, other, world.away.person)
    draft = take_intake(user, world.home, submit=False)
    with pytest.raises(ValidationError):
        services.link_person(user, draft, world.home.person)
    assert Person.objects.in_municipality(world.home.municipality).count() == 2


def test_create_intake_submit_leaves_nothing_behind_when_invalid(world, sheet):
    user = world.user(Role.RECEPTION)
    with pytest.raises(ValidationError):
        services.create_intake(
            user,
            world.home.municipality,
            window=world.home.window,
            answers={"channel": "phone"},
            submit=True,
        )
    assert Intake.objects.unscoped("test").count() == 0
    intake = services.create_intake(
        user, world.home.municipality, window=world.home.window, answers=FAMILY_CALL, submit=True
    )
    assert intake.status == "submitted"
