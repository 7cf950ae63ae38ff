"""Reading the directory: the public services, the search and its filters, and what a service
shows (a window's entry reads its address, phone and hours from the window).

Public pages query only these public tables (services, places, fields, windows, organisations),
never a case table.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from tsunagu.jp import search_key
from tsunagu.tenancy.models import OpeningHours, Window

from .models import Location, Service, ServiceAtLocation, derived_id

MAX_QUERY_TERMS = 8


def public_services() -> QuerySet[Service]:
    """The services anyone may see: public, not ended, and a window's only while it is public."""
    return (
        Service.objects.filter(is_public=True)
        .exclude(status=Service.Status.DEFUNCT)
        .filter(Q(window__isnull=True) | Q(window__is_public=True))
    )


def with_details(queryset: QuerySet[Service]) -> QuerySet[Service]:
    """Everything a list, the map, the leaflet or the HSDS API shows, in a fixed number of
    queries whatever the number of services."""
    return queryset.select_related(
        "municipality__prefecture", "field", "organization", "window"
    ).prefetch_related(
        "phones",
        "schedules",
        "contacts",
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related("location__municipality"),
        ),
        Prefetch("window__opening_hours", queryset=OpeningHours.objects.order_by("opens")),
    )


@dataclass
class Filters:
    """The directory's filters; every one given narrows the result (AND)."""

    municipality: str = ""  # 地方公共団体コード
    fields: list[str] = field(default_factory=list)  # field codes (any of them)
    age: int | None = None
    text: str = ""
    free_only: bool = False

    def is_empty(self) -> bool:
        return not (self.municipality or self.fields or self.age is not None or self.text)


def text_terms(text: str) -> list[str]:
    """The search keys of the words typed (「保健所 家族」 → two terms, each must match)."""
    words = text.replace("\u3000", " ").split()[:MAX_QUERY_TERMS]
    return [k for k in (search_key(w) for w in words) if k]


def search(filters: Filters, queryset: QuerySet[Service] | None = None) -> QuerySet[Service]:
    qs = public_services() if queryset is None else queryset
    if filters.municipality:
        qs = qs.filter(municipality__code=filters.municipality)
    if filters.fields:
        qs = qs.filter(field__code__in=filters.fields)
    if filters.age is not None:
        qs = qs.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age),
        )
    for term in text_terms(filters.text):
        qs = qs.filter(search_text__contains=term)
    if filters.free_only:
        qs = qs.filter(cost=Service.Cost.FREE)
    return qs.order_by("municipality__code", "field__order", "name_kana", "name")


# What a service shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownPhone:
    id: str
    number: str
    type: str
    description: str


@dataclass(frozen=True)
class ShownPlace:
    id: str
    name: str
    address: str  # the full address, or only the area when hidden
    postal_code: str  # empty when hidden
    hidden: bool
    latitude: Decimal | None
    longitude: Decimal | None
    location: Location | None  # None for a window's own address

    @property
    def has_pin(self) -> bool:
        return not self.hidden and self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class ShownSchedule:
    id: str
    text: str
    freq: str = ""
    byday: str = ""
    opens_at: object = None
    closes_at: object = None


def phones(service: Service) -> list[ShownPhone]:
    if service.window_id:
        w = service.window
        return (
            [ShownPhone(derived_id("window-phone", w.pk), w.phone, "voice", "")] if w.phone else []
        )
    return [ShownPhone(str(p.id), p.number, p.type, p.description) for p in service.phones.all()]


def places(service: Service) -> list[ShownPlace]:
    shown = []
    for sal in service.at_locations.all():
        loc = sal.location
        shown.append(
            ShownPlace(
                str(loc.id),
                loc.name,
                loc.shown_address(),
                "" if loc.hide_exact_address else loc.postal_code,
                loc.hide_exact_address,
                loc.latitude,
                loc.longitude,
                loc,
            )
        )
    if not shown and service.window_id and service.window.address:
        w = service.window
        shown.append(
            ShownPlace(
                derived_id("window-location", w.pk),
                w.name,
                w.address,
                w.postal_code,
                False,
                None,
                None,
                None,
            )
        )
    return shown


_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _days_label(days: list[int]) -> str:
    labels = dict(OpeningHours.Weekday.choices)
    runs = []
    for _key, group in itertools.groupby(enumerate(days), lambda p: p[1] - p[0]):
        run = [d for _i, d in group]
        if len(run) >= 3:
            runs.append(f"{labels[run[0]]}{_('〜')}{labels[run[-1]]}")
        else:
            runs.extend(str(labels[d]) for d in run)
    return _("・").join(str(r) for r in runs)


def schedules(service: Service) -> list[ShownSchedule]:
    if not service.window_id:
        return [
            ShownSchedule(str(s.id), s.description, s.freq, s.byday, s.opens_at, s.closes_at)
            for s in service.schedules.all()
        ]
    by_hours: dict[tuple, list[int]] = {}
    for h in service.window.opening_hours.all():
        by_hours.setdefault((h.opens, h.closes), []).append(h.weekday)
    shown = []
    for (opens, closes), days in sorted(by_hours.items()):
        days = sorted(set(days))
        text = f"{_days_label(days)} {opens:%H:%M}{_('〜')}{closes:%H:%M}"
        shown.append(
            ShownSchedule(
                derived_id("window-hours", service.window_id, opens, closes),
                text,
                "WEEKLY",
                ",".join(_DAY_CODES[d] for d in days),
                opens,
                closes,
            )
        )
    return shown


def channels(service: Service) -> list[str]:
    return service.window.channel_labels() if service.window_id else []


def window_of(service: Service) -> Window | None:
    return service.window if service.window_id else None
