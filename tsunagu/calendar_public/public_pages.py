"""Calendar pages for the tests over every public page (tsunagu/testing/public_pages.py): the
pages are linked from /calendar/, but the month shown depends on the day; these are reached
whatever the date: a programme, a session, the feeds and the open data of the first published
programme, and filtered months."""

from __future__ import annotations

from django.utils import timezone

from .queries import published_sessions


def example_urls() -> list[str]:
    session = published_sessions().filter(ends_at__gte=timezone.now()).first()
    session = session or published_sessions().last()
    if session is None:
        return ["/calendar/?audience=family", "/calendar/?month=2000-01"]
    programme = session.programme
    code = programme.municipality.code
    month = f"{timezone.localtime(session.starts_at):%Y-%m}"
    return [
        f"/calendar/?municipality={code}",
        f"/calendar/?municipality={code}&audience=family&month={month}",
        "/calendar/?month=2000-01",  # a month without sessions
        f"/calendar/programmes/{programme.pk}/",
        f"/calendar/sessions/{session.pk}/",
        f"/calendar/programmes/{programme.pk}.ics",
        f"/calendar/{code}.ics",
        f"/calendar/{code}.csv",
        "/calendar/events.csv",
    ]
