"""A 自治体管理者 configures the municipality's windows (Action.MANAGE_WINDOWS): their details
and channels, weekly hours (Saturdays included), holiday rules, and dated exceptions —
closures, extra openings and 出張相談 sessions — and the partner organizations (関係機関・団体).

Every function starts with `require(actor, MANAGE_WINDOWS, municipality)`; the writes are
audited by the audit registry (Window, Organization, OpeningHours, OpeningException).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, municipalities_where, require

from .models import Channel, Municipality, OpeningException, OpeningHours, Organization, Window

WINDOW_FIELDS = (
    "name",
    "kind",
    "operator",
    "description",
    "summary_easy",
    "postal_code",
    "address",
    "phone",
    "contact_is_sample",
    "channels",
    "age_min",
    "age_max",
    "does_outreach",
    "closed_on_holidays",
    "closed_year_end",
    "is_public",
)
ORGANIZATION_FIELDS = ("name", "org_type", "description", "website", "is_public")
MAX_PERIODS_PER_DAY = 3


def windows_managed_by(actor: User) -> QuerySet[Window]:
    ids = municipalities_where(actor, Action.MANAGE_WINDOWS)
    return Window.objects.filter(municipality_id__in=ids).select_related("municipality")


def organizations_managed_by(actor: User) -> QuerySet[Organization]:
    ids = municipalities_where(actor, Action.MANAGE_WINDOWS)
    return Organization.objects.filter(municipality_id__in=ids).select_related("municipality")


def _slug(name: str, taken: set[str], prefix: str) -> str:
    text = unicodedata.normalize("NFKC", name).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:50].strip("-")
    if not text.isascii() or not slug:
        slug = prefix
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def _new_or_own(
    model: type[Window] | type[Organization],
    municipality: Municipality,
    record: Any,
    name: str,
) -> Any:
    """`record` if it is the municipality's; a new one with a slug made from `name` if None."""
    if record is None:
        taken = set(model.objects.filter(municipality=municipality).values_list("slug", flat=True))
        prefix = model._meta.model_name or "record"
        return model(municipality=municipality, slug=_slug(name, taken, prefix))
    if record.municipality_id != municipality.pk:
        raise ValidationError(_("他の自治体の設定は変更できません。"))
    return record


def _check_window(window: Window) -> None:
    errors: dict[str, list[str]] = {}
    unknown = [c for c in window.channels if c not in Channel.values]
    if unknown or len(set(window.channels)) != len(window.channels):
        errors["channels"] = [_("相談方法は一覧から選んでください。")]
    if window.age_min is not None and window.age_max is not None:
        if window.age_min > window.age_max:
            errors["age_max"] = [_("対象年齢の上限は下限以上にしてください。")]
    for name in ("age_min", "age_max"):
        value = getattr(window, name)
        if value is not None and not 0 <= value <= 120:
            errors[name] = [_("対象年齢は0〜120歳で入力してください。")]
    if window.operator_id and window.operator.municipality_id != window.municipality_id:
        errors["operator"] = [_("運営団体は同じ自治体のものを選んでください。")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_window(
    actor: User, municipality: Municipality, window: Window | None, values: dict[str, Any]
) -> Window:
    """Create (window None) or update a window of `municipality` with `values` (WINDOW_FIELDS;
    phone and postal code already normalized by the shared validators)."""
    require(actor, Action.MANAGE_WINDOWS, municipality)
    window = _new_or_own(Window, municipality, window, values.get("name", ""))
    for name in WINDOW_FIELDS:
        if name in values:
            setattr(window, name, values[name])
    window.channels = list(window.channels or [])
    _check_window(window)
    window.full_clean(exclude=["channels"])
    window.save()
    return window


@dataclass(frozen=True)
class Period:
    weekday: int
    opens: datetime.time
    closes: datetime.time


@transaction.atomic
def set_opening_hours(actor: User, window: Window, periods: Iterable[Period]) -> list[OpeningHours]:
    """Replace the window's weekly hours: each period opens before it closes, periods of one
    day do not overlap, at most MAX_PERIODS_PER_DAY a day."""
    require(actor, Action.MANAGE_WINDOWS, window.municipality_id)
    periods = sorted(periods, key=lambda p: (p.weekday, p.opens))
    errors = []
    labels = dict(OpeningHours.Weekday.choices)
    for i, period in enumerate(periods):
        day = labels.get(period.weekday)
        if day is None:
            errors.append(_("曜日が正しくありません。"))
            continue
        if period.opens >= period.closes:
            errors.append(_("%(day)s曜日：開始は終了より前の時刻にしてください。") % {"day": day})
        previous = periods[i - 1] if i else None
        if previous and previous.weekday == period.weekday and previous.closes > period.opens:
            errors.append(_("%(day)s曜日：受付時間が重なっています。") % {"day": day})
    per_day = [p.weekday for p in periods]
    if any(per_day.count(d) > MAX_PERIODS_PER_DAY for d in set(per_day)):
        errors.append(_("受付時間は1日%(n)s回までです。") % {"n": MAX_PERIODS_PER_DAY})
    if errors:
        raise ValidationError(errors)
    window.opening_hours.all().delete()
    return [
        OpeningHours.objects.create(
            window=window, weekday=p.weekday, opens=p.opens, closes=p.closes
        )
        for p in periods
    ]


@transaction.atomic
def add_exception(
    actor: User,
    window: Window,
    *,
    date: datetime.date,
    kind: str,
    opens: datetime.time | None = None,
    closes: datetime.time | None = None,
    place: str = "",
    note: str = "",
) -> OpeningException:
    """A dated closure, extra opening (a Saturday session) or 出張相談 (with its place)."""
    require(actor, Action.MANAGE_WINDOWS, window.municipality_id)
    errors: dict[str, list[str]] = {}
    if kind not in OpeningException.Kind.values:
        errors["kind"] = [_("種類は一覧から選んでください。")]
    elif kind != OpeningException.Kind.CLOSED:
        if opens is None or closes is None:
            errors["opens"] = [_("開所する日は開始と終了の時刻を入力してください。")]
        elif opens >= closes:
            errors["closes"] = [_("終了は開始より後の時刻にしてください。")]
    if kind == OpeningException.Kind.OUTREACH and not place.strip():
        errors["place"] = [_("出張相談の場所を入力してください。")]
    if OpeningException.objects.filter(window=window, date=date).exists():
        errors["date"] = [_("この日にはすでに予定があります。先に削除してください。")]
    if errors:
        raise ValidationError(errors)
    closed = kind == OpeningException.Kind.CLOSED
    exception = OpeningException(
        window=window,
        date=date,
        kind=kind,
        is_closed=closed,
        opens=None if closed else opens,
        closes=None if closed else closes,
        place="" if kind != OpeningException.Kind.OUTREACH else place.strip(),
        note=note,
    )
    exception.full_clean()
    exception.save()
    return exception


@transaction.atomic
def delete_exception(actor: User, exception: OpeningException) -> None:
    require(actor, Action.MANAGE_WINDOWS, exception.window.municipality_id)
    exception.delete()


@transaction.atomic
def save_organization(
    actor: User,
    municipality: Municipality,
    organization: Organization | None,
    values: dict[str, Any],
) -> Organization:
    """Create (organization None) or update a 関係機関・団体 of `municipality`."""
    require(actor, Action.MANAGE_WINDOWS, municipality)
    organization = _new_or_own(Organization, municipality, organization, values.get("name", ""))
    for name in ORGANIZATION_FIELDS:
        if name in values:
            setattr(organization, name, values[name])
    organization.full_clean()
    organization.save()
    return organization
