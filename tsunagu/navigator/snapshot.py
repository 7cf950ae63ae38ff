"""The public data the navigator shows, read once per process and kept while it is current, so
that its pages cost no query (issue 10: ≥ 500 requests/s on the question and result pages).

Only published data is kept: the municipalities with a public window, their active routing
rules with the windows, opening hours and dated exceptions, the public windows (for when no rule
matches) and the windows that take bookings; and, in `fragments`, pieces of pages rendered
from that data alone (tsunagu.navigator.fragments). Nothing a visitor answers is kept here.

Current means: built under the version of the public data that tsunagu.core.public_cache moves
on every write in the public apps (shared through Redis by every app server and worker), and
less than SECONDS old, so that a change written without signals (bulk updates) shows within a
minute, as it does on the cached public pages.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from tsunagu.booking.availability import bookable_window_ids
from tsunagu.core.public_cache import version
from tsunagu.routing.models import RoutingRule
from tsunagu.tenancy.models import Municipality, OpeningException, Window, window_hours_on

SECONDS = 60


@dataclass
class NavigatorData:
    version: int
    built: float  # time.monotonic()
    municipalities: list[Municipality]  # with a public window, in code order
    by_code: dict[str, Municipality]
    rules: dict[int, list[RoutingRule]]  # municipality id → active rules, as active_rules()
    public_windows: dict[int, list[Window]]  # municipality id → its public windows
    bookable_window_ids: frozenset[int]
    fragments: dict[tuple, str] = field(default_factory=dict)
    _hours: dict[tuple[int, datetime.date], list] = field(default_factory=dict)

    def hours_on(
        self, window: Window, day: datetime.date
    ) -> list[tuple[datetime.time, datetime.time]]:
        """`window_hours_on(window, day)`, worked out once per window and day for this copy."""
        key = (window.pk, day)
        hours = self._hours.get(key)
        if hours is None:
            hours = self._hours[key] = window_hours_on(window, day)
        return hours


_current: NavigatorData | None = None


def navigator_data() -> NavigatorData:
    """The current public data (built again when the version moved or SECONDS passed)."""
    global _current
    current_version = version()
    data = _current
    if data is None or data.version != current_version or time.monotonic() - data.built > SECONDS:
        data = _current = _build(current_version)
    return data


def _build(current_version: int) -> NavigatorData:
    municipalities = list(
        Municipality.objects.filter(windows__is_public=True)
        .select_related("prefecture")
        .distinct()
        .order_by("code")
    )
    ids = [m.pk for m in municipalities]
    rules: dict[int, list[RoutingRule]] = {pk: [] for pk in ids}
    for rule in (
        RoutingRule.objects.filter(municipality_id__in=ids, is_active=True)
        .select_related("window")
        .order_by("priority", "pk")
    ):
        rules[rule.municipality_id].append(rule)
    public_windows: dict[int, list[Window]] = {pk: [] for pk in ids}
    for window in Window.objects.filter(municipality_id__in=ids, is_public=True).select_related(
        "municipality"
    ):
        public_windows[window.municipality_id].append(window)
    # Exceptions from yesterday on: the copy lives a minute, and a past exception changes nothing.
    since = timezone.localdate() - datetime.timedelta(days=1)
    windows = [r.window for rs in rules.values() for r in rs]
    windows += [w for ws in public_windows.values() for w in ws]
    prefetch_related_objects(
        windows,
        "opening_hours",
        Prefetch("opening_exceptions", OpeningException.objects.filter(date__gte=since)),
    )
    return NavigatorData(
        version=current_version,
        built=time.monotonic(),
        municipalities=municipalities,
        by_code={m.code: m for m in municipalities},
        rules=rules,
        public_windows=public_windows,
        bookable_window_ids=frozenset(bookable_window_ids()),
    )
