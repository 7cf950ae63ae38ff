"""Published sessions as the public sees them: their place, a schedule in words, and the plain
values the feed writer (ical.py) and the open-data writer (opendata.py) take."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tsunagu.jp.phone import format_phone_jp
from tsunagu.programmes.models import Frequency, Programme, Schedule, Session
from tsunagu.resources.models import Location

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


def location_of(session: Session) -> Location | None:
    """The programme's directory place (address, pin) when this session is held there: at the
    programme's usual place, not one moved elsewhere."""
    programme = session.programme
    location = programme.location
    if location is None:
        return None
    at = place_of(session)
    return location if at in (programme.place, location.name) or not at else None


def address_of(location: Location | None) -> tuple[str, str]:
    """(住所, 方書) as the public may see them: only the area when the address is hidden."""
    if location is None:
        return "", ""
    municipality = location.municipality
    prefix = f"{municipality.prefecture.name}{municipality.name}"
    if location.hide_exact_address:
        return f"{prefix}{location.area_label}", ""
    return f"{prefix}{location.address_1}", location.address_2


def phone_of(programme: Programme) -> str:
    """The contact phone as people dial it (042-576-2111); stored as E.164."""
    return format_phone_jp(programme.contact_phone) if programme.contact_phone else ""


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


def _eligibility(programme: Programme) -> list[str]:
    """対象者 (the data set has no column of its own: it goes to 備考)."""
    who = [str(programme.get_audience_display()), programme.age_range_label()]
    if programme.residents_only:
        who.append(_("%(name)sにお住まいの方") % {"name": programme.municipality.name})
    return [_("対象: %(who)s") % {"who": "・".join(who)}]


def open_data_event(session: Session, url: str) -> OpenDataEvent:
    programme = session.programme
    municipality = programme.municipality
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    notes = [*_eligibility(programme), str(programme.get_kind_display())]
    if session.is_cancelled:
        notes.insert(
            0, _("中止") + (f"（{session.cancel_reason}）" if session.cancel_reason else "")
        )
    if session.note:
        notes.append(session.note)
    if programme.accessibility:
        notes.append(_("バリアフリー・配慮: %(text)s") % {"text": programme.accessibility})
    if programme.url:
        notes.append(_("ホームページ: %(url)s") % {"url": programme.url})
    how = programme.how_to_join
    if not how:
        how = _("申込は不要です。") if not programme.requires_enrolment else _("問い合わせ先へ")
    location = location_of(session)
    address, address_detail = address_of(location)
    pinned = location is not None and location.has_pin
    # カナ・英語 name the programme: a session with its own theme has no reading of its own
    plain = not session.title
    return OpenDataEvent(
        municipality_code=municipality.code,
        prefecture_name=municipality.prefecture.name,
        municipality_name=municipality.name,
        name=session_title(session),
        start=start,
        end=end,
        name_kana=programme.name_kana if plain else "",
        name_en=programme.name_en if plain else "",
        timing_note=_("中止") if session.is_cancelled else "",
        description=programme.description,
        fee_basic=str(programme.get_fee_display()) if programme.fee else "",
        fee_detail=programme.fee_detail,
        contact_name=programme.contact,
        contact_phone=phone_of(programme),
        contact_extension=programme.contact_extension,
        organizer=runner_name(programme),
        place_name=place_of(session),
        address=address,
        address_detail=address_detail,
        latitude=f"{location.latitude}" if pinned else "",
        longitude=f"{location.longitude}" if pinned else "",
        access=location.transportation if location is not None else "",
        parking=programme.parking,
        capacity=session.effective_capacity,
        apply_until=timezone.localtime(session.apply_until) if session.apply_until else None,
        apply_how=how,
        url=url,
        note=" / ".join(notes),
    )
