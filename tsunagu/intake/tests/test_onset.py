"""The onset field (状態になった時期) of the intake sheet: callers' words kept as structure,
relative words counted from the intake's local date, a readout that never goes stale, and the
stored reading on the intake detail."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.intake.answers import validate_answers
from tsunagu.intake.models import Intake
from tsunagu.intake.schema import PERIOD, iter_fields
from tsunagu.intake.services import save_draft, start_intake, submit_intake
from tsunagu.testing.api import bearer, field_errors
from tsunagu.testing.intake import FAMILY_CALL


def _autosave(client, intake, **answers):
    data = {"window": intake.window_id, "f-channel": "phone"}
    data.update({f"f-{k}": v for k, v in answers.items()})
    return client.post(f"/staff/intake/{intake.pk}/autosave/", data, HTTP_HX_REQUEST="true")


def _intake(world, received_on: datetime.date) -> Intake:
    moment = timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(8, 30)))
    return start_intake(
        world.user(Role.RECEPTION),
        world.home.municipality,
        window=world.home.window,
        answers=FAMILY_CALL,
        received_at=moment,
    )


def test_the_default_sheet_asks_for_a_period(sheet):
    fields = {f["key"]: f for _, f in iter_fields(sheet.schema)}
    assert fields["onset"]["type"] == PERIOD


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("10年前", {"year": 2016, "approx": True}),
        ("平成28年頃", {"year": 2016, "approx": True}),
        ("42歳頃", {"age": 42, "approx": True}),
        ("中学生の頃", {"school_stage": "中学生"}),
    ],
)
def test_answers_keep_what_was_said_as_structure(sheet, said, stored):
    today = datetime.date(2026, 4, 1)
    cleaned = validate_answers(sheet.schema, {"onset": said}, partial=True, today=today)
    assert cleaned["onset"] == stored
    # cleaning the cleaned answers again gives the same answers
    assert validate_answers(sheet.schema, cleaned, partial=True, today=today) == cleaned


def test_stored_answers_are_checked(sheet):
    with pytest.raises(Exception, match="時期の形式"):
        validate_answers(sheet.schema, {"onset": {"year": "2016"}}, partial=True)


def test_relative_words_count_from_the_intake_day(world, sheet):
    intake = _intake(world, datetime.date(2020, 6, 1))
    assert (
        save_draft(world.user(Role.RECEPTION), intake, {**intake.answers, "onset": "10年前"}) == {}
    )
    intake.refresh_from_db()
    assert intake.answers["onset"] == {"year": 2010, "approx": True}


def test_readout_shows_the_error_not_the_last_good_reading(world, sheet, login):
    client = login(Role.RECEPTION)
    intake = _intake(world, datetime.date(2026, 4, 1))
    body = _autosave(client, intake, onset="平成28年頃").content.decode()
    assert 'id="id-f-onset-parsed"' in body and "読み取り：平成28年（2016年）頃" in body
    body = _autosave(client, intake, onset="平成99年").content.decode()
    reading = body[body.index('id="id-f-onset-parsed"') :]
    reading = reading[: reading.index("</output>")]
    assert "平成の期間外" in reading and "2016" not in reading
    assert "intake-parsed--error" in body
    # the stored answer is still the last good one, and the screen says so on reload
    page = client.get(f"/staff/intake/{intake.pk}/").content.decode()
    assert "読み取り：平成28年（2016年）頃" in page and 'value="2016年頃"' in page


def test_detail_shows_the_stored_interpretation(world, sheet, login):
    reception = world.user(Role.RECEPTION)
    intake = _intake(world, datetime.date(2026, 4, 1))
    submit_intake(reception, intake, {**intake.answers, "onset": "中2の時"})
    client = login(Role.SUPERVISOR)
    page = client.get(f"/staff/intake/{intake.pk}/").content.decode()
    assert "状態になった時期・年齢" in page and "中学2年の頃" in page


def test_api_stores_the_onset_or_answers_422_in_japanese(world, sheet, client):
    reception = world.user(Role.RECEPTION)
    payload = {
        "municipality_code": world.home.municipality.code,
        "window_id": world.home.window.pk,
        "submit": True,
    }

    def post(onset):
        return client.post(
            "/api/v1/intakes",
            {**payload, "answers": {**FAMILY_CALL, "onset": onset}},
            content_type="application/json",
            **bearer(reception),
        )

    response = post("42歳頃")
    assert response.status_code == 201, response.content
    intake = Intake.objects.unscoped("test").get(pk=response.json()["id"])
    assert intake.answers["onset"] == {"age": 42, "approx": True}
    errors = field_errors(post("平成99年"))
    assert any("平成の期間外" in m for ms in errors.values() for m in ms), errors
