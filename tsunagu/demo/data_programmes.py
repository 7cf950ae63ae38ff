"""Demo programmes (issue 9): the seed's groups, associations, 居場所, seminars and forums with
realistic schedules, materialised from 8 weeks before the load day to HORIZON_DAYS after it.

- 町田市保健所: 当事者グループワーク「マンボウ」(毎週水曜) and 家族向けグループワーク (毎月第3木曜);
- 国立市: 家族会「ここから」の定例会 (第2土曜) and 家族の居場所 (第4水曜), run by the association;
  当事者会「からふらっと」: 陶芸 (第1・第3火曜), ゲーム部 (毎週金曜), 地域のごみ拾い (第2・第4土曜),
  農園 (毎週木曜, also on holidays: the vegetables do not wait);
- 日野市: ひきこもり家族会 (第3日曜, run by the association: the demo-publicity account),
  居場所 (第1・第3金曜) and ひきこもりセミナー (one-off sessions, 市と家族会の共催);
- 八王子市: 地域共生社会 市民フォーラム (年2回, one-off) and ひきこもり支援部会 (3か月ごと, unpublished);
- 大島町: 若者自立サポートステーション「ロケット」(毎週水曜, おおむね18〜49歳).

The specs are data in `tsunagu.demo.programme_specs`; the resource directory is loaded first, so
that a programme links to the directory's place (address and map pin of the open data).

Natural keys: (municipality, slug) for programmes, (municipality, name) for a window's place,
(programme, label) for schedules, (programme, starts_at) for one-off sessions, (schedule,
occurrence_date) for sessions. A second load on the same day creates nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tsunagu.programmes.models import Programme, Schedule, ScheduleException, Session
from tsunagu.programmes.schedules import HORIZON_DAYS, local_datetime, materialise
from tsunagu.resources.models import Location, ServiceAtLocation
from tsunagu.tenancy.models import Municipality, Organization, Window

from .data import e164
from .programme_specs import (
    CANCELLED,
    EXCEPTIONS,
    PAST_DAYS,
    PROGRAMMES,
    SAT,
    WINDOW_PLACES,
    ProgrammeSpec,
)

if TYPE_CHECKING:
    from .loader import LoadReport


def _sync(report: LoadReport, model: Any, obj: Any, values: dict[str, Any]) -> Any:
    from .loader import CREATED, UNCHANGED, UPDATED

    if obj.pk is None:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        report.add(model, CREATED)
        return obj
    changed = [n for n, v in values.items() if getattr(obj, n) != v]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    report.add(model, UPDATED if changed else UNCHANGED)
    return obj


def _window_places(report: LoadReport, municipalities: dict[str, Municipality]) -> None:
    for code, slug, latitude, longitude in WINDOW_PLACES:
        m = municipalities[code]
        window = Window.objects.select_related("municipality__prefecture").get(
            municipality=m, slug=slug
        )
        prefix = f"{m.prefecture.name}{m.name}"
        place = Location.objects.filter(municipality=m, name=window.name).first()
        values = {
            "postal_code": window.postal_code,
            "address_1": window.address.removeprefix(prefix),
            "latitude": Decimal(latitude),
            "longitude": Decimal(longitude),
        }
        _sync(report, Location, place or Location(municipality=m, name=window.name), values)


def _location(m: Municipality, name: str) -> Location | None:
    """The directory's place called `name`: a service's place, else a place of that name."""
    if not name:
        return None
    at = (
        ServiceAtLocation.objects.filter(service__municipality=m, service__name=name)
        .select_related("location")
        .first()
    )
    return at.location if at else Location.objects.get(municipality=m, name=name)


def _programme(report: LoadReport, m: Municipality, spec: ProgrammeSpec) -> Programme:
    slug = spec.key[1]
    window = Window.objects.get(municipality=m, slug=spec.window) if spec.window else None
    org = (
        Organization.objects.get(municipality=m, slug=spec.organization)
        if spec.organization
        else None
    )
    programme = Programme.objects.filter(municipality=m, slug=slug).first()
    programme = programme or Programme(municipality=m, slug=slug)
    values = {
        name: getattr(spec, name)
        for name in (
            "name kind audience description easy_summary age_min age_max residents_only "
            "requires_enrolment capacity place accessibility how_to_join visit_info parking "
            "skip_holidays is_published"
        ).split()
    }
    values.update(window=window, organization=org, activities=list(spec.activities))
    values.update(name_kana=spec.names[0], name_en=spec.names[1])
    values.update(fee=spec.fee[0], fee_detail=spec.fee[1], location=_location(m, spec.location))
    values.update(
        contact=spec.contact.name if spec.contact else "",
        contact_phone=e164(spec.contact.phone) if spec.contact else "",
    )
    return _sync(report, Programme, programme, values)


def _first_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _schedules(report: LoadReport, programme: Programme, spec: ProgrammeSpec, today) -> None:
    starts_on = today - datetime.timedelta(days=PAST_DAYS + 31 * 3)
    for rule in spec.rules:
        schedule = programme.schedules.filter(label=rule.label).first()
        schedule = schedule or Schedule(programme=programme, label=rule.label)
        values = {
            "frequency": rule.frequency,
            "interval": rule.interval,
            "weekdays": list(rule.weekdays),
            "week_numbers": list(rule.week_numbers),
            "start_time": rule.start,
            "end_time": rule.end,
            "place": rule.place,
        }
        if schedule.pk is None:
            values["starts_on"] = starts_on.replace(day=1)
        _sync(report, Schedule, schedule, values)


def _exceptions(report: LoadReport, municipalities: dict[str, Municipality], today) -> None:
    for code, slug, label, weeks, reason in EXCEPTIONS:
        schedule = Schedule.objects.select_related("programme").get(
            programme__municipality=municipalities[code], programme__slug=slug, label=label
        )
        weekday = schedule.weekdays[0]
        day = _first_on_or_after(today + datetime.timedelta(weeks=weeks), weekday)
        row = ScheduleException.objects.filter(schedule=schedule, date=day).first()
        _sync(
            report,
            ScheduleException,
            row or ScheduleException(schedule=schedule, date=day),
            {"reason": reason},
        )


def _extra_day(today: datetime.date, days_ahead: int) -> datetime.date:
    """The first Saturday from today + days_ahead that is no holiday and not 年末年始."""
    from tsunagu.jp.calendar import is_public_holiday, is_year_end_closure

    day = _first_on_or_after(today + datetime.timedelta(days=days_ahead), SAT)
    while is_public_holiday(day) or is_year_end_closure(day):
        day += datetime.timedelta(weeks=1)
    return day


def _extras(report: LoadReport, programme: Programme, spec: ProgrammeSpec, today) -> None:
    for extra in spec.extras:
        day = _extra_day(today, extra.days_ahead)
        starts = local_datetime(day, extra.start)
        session = Session.objects.filter(programme=programme, starts_at=starts).first()
        session = session or Session(
            programme=programme, municipality_id=programme.municipality_id, starts_at=starts
        )
        values = {
            "occurrence_date": day,
            "ends_at": local_datetime(day, extra.end),
            "is_extra": True,
            "title": extra.title,
            "place": extra.place or programme.place,
        }
        _sync(report, Session, session, values)


def _materialise(report: LoadReport, programme: Programme, today: datetime.date) -> None:
    from .loader import CREATED

    start = today - datetime.timedelta(days=PAST_DAYS)
    end = today + datetime.timedelta(days=HORIZON_DAYS)
    for schedule in programme.schedules.select_related("programme").prefetch_related("exceptions"):
        # "now" is the start of the load day, so the day's own sessions count as upcoming
        now = local_datetime(today, datetime.time.min)
        result = materialise(schedule, start, end, now=now)
        for _session in result.created:
            report.add(Session, CREATED)


def _cancellations(municipalities: dict[str, Municipality], today: datetime.date) -> None:
    from tsunagu.programmes.schedules import cancel

    for code, slug, reason in CANCELLED:
        upcoming = Session.objects.filter(
            programme__municipality=municipalities[code],
            programme__slug=slug,
            occurrence_date__gt=today,
        ).order_by("starts_at")
        first = upcoming.first()
        if first is not None and not first.is_cancelled:
            cancel(first, reason)


def load_programmes(
    report: LoadReport, municipalities: dict[str, Municipality], today: datetime.date
) -> dict[tuple[str, str], Programme]:
    """Create or update the demo programmes, their rules and their sessions. The resource
    directory (`load_resources`) must be loaded first: programmes link to its places."""
    _window_places(report, municipalities)
    programmes = {}
    for spec in PROGRAMMES:
        m = municipalities[spec.key[0]]
        programme = _programme(report, m, spec)
        _schedules(report, programme, spec, today)
        _extras(report, programme, spec, today)
        programmes[spec.key] = programme
    _exceptions(report, municipalities, today)
    for programme in programmes.values():
        _materialise(report, programme, today)
    _cancellations(municipalities, today)
    return programmes
