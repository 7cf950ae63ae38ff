"""Migration intake 0002 / concerns 0002: the intake's old report number and the report's old
intake number become one one-to-one link (a report keeps its first intake only)."""

from __future__ import annotations

import datetime

import pytest

from tsunagu.intake.form_services import default_version, install_default_sheet
from tsunagu.intake.models import Intake
from tsunagu.testing.migrations import migrate_to, migrate_to_latest
from tsunagu.testing.world import build_world

BEFORE = [("intake", "0001_initial"), ("concerns", "0001_initial")]
AFTER = [("intake", "0002_concern_report_link"), ("concerns", "0002_handled_and_intake_link")]


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate_to(BEFORE)
    yield apps
    migrate_to_latest()


def test_old_links_are_folded_into_the_one_to_one(old_apps):
    world = build_world(totp=False)
    home = world.home
    install_default_sheet(home.municipality)
    version = default_version(home.municipality)
    OldIntake = old_apps.get_model("intake", "Intake")
    OldReport = old_apps.get_model("concerns", "ConcernReport")
    report = OldReport.objects.get(pk=home.concern_report.pk)
    lonely = OldReport.objects.create(
        municipality_id=home.municipality.pk,
        reported_by_id=report.reported_by_id,
        district="多摩平",
        situation="姿を見ない",
    )

    def intake(number: str, report_id: int | None):
        return OldIntake.objects.create(
            municipality_id=home.municipality.pk,
            number=number,
            fiscal_year=2026,
            form_version_id=version.pk,
            window_id=home.window.pk,
            received_at=datetime.datetime(2026, 5, 1, 1, 0, tzinfo=datetime.UTC),
            concern_report_id=report_id,
        )

    first = intake("2026-0001", report.pk)
    second = intake("2026-0002", report.pk)  # the old code let a report make two
    by_report_side = intake("2026-0003", None)
    lonely.intake_id = by_report_side.pk  # only the report remembered this one
    lonely.save()
    dangling = intake("2026-0004", 999999)  # a report that does not exist
    migrate_to(AFTER)

    links = dict(Intake.objects.unscoped("test").values_list("number", "concern_report_id"))
    assert links[first.number] == report.pk
    assert links[second.number] is None
    assert links[by_report_side.number] == lonely.pk
    assert links[dangling.number] is None
