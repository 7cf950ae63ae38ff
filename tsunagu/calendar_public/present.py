"""Published sessions as the public sees them: their place, a schedule in words, and the plain
values the feed writer (ical.py) and the open-data writer (opendata.py) take."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tsunagu.programmes.models import Frequency, Programme, Schedule, Session

from .ical import FeedEntry
from .opendata import OpenDataEvent

FEED_UID_DOMAIN = "tsunagu"


def place_of(session: Session) -> str:
    """Where this session is held: its own place, its rule's, or the programme's."""
    if session.place:
        return session.place
    if session.schedule_id and session.schedule.place:
        return session.schedule.place
    return session.programme.place


def session_title(session: Session) -> str:
    if session.title:
        return _("%(programme)s「%(title)s」") % {
            "programme": session.programme.name,
            "title": session.title,
        }
    return session.programme.name


def _weekday(day: int) -> str:
    names = (
        pgettext("weekday", "月曜"),
        pgettext("weekday", "火曜"),
        pgettext("weekday", "水曜"),
        pgettext("weekday", "木曜"),
        pgettext("weekday", "金曜"),
        pgettext("weekday", "土曜"),
        pgettext("weekday", "日曜"),
    )
    return names[day]


def _nth(number: int) -> str:
    labels = {
        1: _("第1"),
        2: _("第2"),
        3: _("第3"),
        4: _("第4"),
        5: _("第5"),
        -1: _("最終"),
    }
    return labels.get(number, str(number))


def schedule_label(schedule: Schedule) -> str:
    """「毎週 火曜 13:30〜15:30」, 「毎月 第2・第4 土曜 14:00〜16:00」, in the page's language."""
    days = _("・").join(_weekday(d) for d in schedule.weekdays if 0 <= d <= 6)
    times = _("%(start)s〜%(end)s") % {
        "start": f"{schedule.start_time:%H:%M}",
        "end": f"{schedule.end_time:%H:%M}",
    }
    if schedule.frequency == Frequency.WEEKLY:
        every = _("隔週") if schedule.interval == 2 else _("毎週")
        return _("%(every)s %(days)s %(times)s") % {"every": every, "days": days, "times": times}
    if schedule.frequency == Frequency.MONTHLY_NTH:
        nths = _("・").join(_nth(n) for n in schedule.week_numbers)
        return _("毎月 %(nths)s %(days)s %(times)s") % {
            "nths": nths,
            "days": days,
            "times": times,
        }
    return _("毎月 %(day)s日 %(times)s") % {"day": schedule.month_day, "times": times}


def runner_name(programme: Programme) -> str:
    runner = programme.window or programme.organization
    return runner.name if runner is not None else ""


def feed_entry(session: Session, url: str) -> FeedEntry:
    programme = session.programme
    cancelled = session.is_cancelled
    summary = session_title(session)
    if cancelled:
        # Many calendar apps show a cancelled event of a subscription like any other: say it.
        summary = _("【中止】%(title)s") % {"title": summary}
    lines = []
    if cancelled:
        reason = session.cancel_reason
        lines.append(_("この回は中止です。") + (f" {reason}" if reason else ""))
    if session.note:
        lines.append(session.note)
    if programme.description:
        lines.append(programme.description)
    lines.append(url)
    return FeedEntry(
        uid=f"{session.uid}@{FEED_UID_DOMAIN}",
        summary=summary,
        start=session.starts_at,
        end=session.ends_at,
        updated=session.updated_at,
        cancelled=cancelled,
        sequence=session.sequence,
        location=place_of(session),
        description="\n\n".join(lines),
        url=url,
        categories=(str(programme.get_kind_display()), str(programme.get_audience_display())),
    )


def open_data_event(session: Session, url: str) -> OpenDataEvent:
    programme = session.programme
    municipality = programme.municipality
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    notes = [str(programme.get_audience_display()), str(programme.get_kind_display())]
    if session.is_cancelled:
        notes.insert(
            0, _("中止") + (f"（{session.cancel_reason}）" if session.cancel_reason else "")
        )
    if session.note:
        notes.append(session.note)
    how = programme.how_to_join
    if not how:
        how = _("申込は不要です。") if not programme.requires_enrolment else _("問い合わせ先へ")
    return OpenDataEvent(
        municipality_code=municipality.code,
        prefecture_name=municipality.prefecture.name,
        municipality_name=municipality.name,
        name=session_title(session),
        start=start,
        end=end,
        timing_note=_("中止") if session.is_cancelled else "",
        description=programme.description,
        contact_name=programme.contact,
        organizer=runner_name(programme),
        place_name=place_of(session),
        access=programme.accessibility,
        capacity=session.effective_capacity,
        apply_how=how,
        url=url,
        note=" / ".join(notes),
    )
