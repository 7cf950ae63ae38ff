"""Writing the directory: default fields, saving a service with its place, phone and schedule
in one transaction, linking a 相談窓口, and the search text.

Every write goes through here (staff pages, CSV import, the demo loader); the audit registry
records each create/update/delete (apps.py), so nothing here writes audit entries by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tsunagu.jp import search_key
from tsunagu.tenancy.models import Municipality, Organization, Window

from .models import Field, Location, Phone, Schedule, Service, ServiceAtLocation

# 町田市ひきこもり者支援イメージ図's four fields, after the 相談窓口 every municipality has;
# a municipality adds its own (家族会・当事者会 …) on the fields page.
DEFAULT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("consultation", "相談窓口", "Where to consult"),
    ("health", "保健医療", "Health and medical care"),
    ("welfare", "福祉・居場所", "Welfare and places to be"),
    ("work", "就労", "Work"),
    ("education", "教育", "Education"),
    ("family", "家族会・当事者会", "Family and peer groups"),
)
# The field a window joins the directory in, by its kind (a supervisor may move it).
WINDOW_FIELD = {Window.Kind.HEALTH: "health", Window.Kind.YOUTH: "work"}


def install_default_fields(municipality: Municipality) -> list[Field]:
    """The default fields of a municipality (idempotent: existing codes are left alone)."""
    existing = {f.code for f in Field.objects.filter(municipality=municipality)}
    for order, (code, name, name_en) in enumerate(DEFAULT_FIELDS):
        if code not in existing:
            Field.objects.create(
                municipality=municipality,
                code=code,
                name=name,
                name_en=name_en,
                order=(order + 1) * 10,
            )
    return list(Field.objects.filter(municipality=municipality))


def search_text_of(service: Service) -> str:
    """The normalised text free-text search matches: names, readings, descriptions, the field,
    the organisation and the *shown* place (a hidden address is never searchable)."""
    parts = [
        service.name,
        service.name_kana,
        service.description,
        service.summary_easy,
        service.eligibility_description,
        service.field.name,
        service.organization.name if service.organization_id else "",
    ]
    if service.window_id:
        parts += [service.window.description, service.window.address]
    if service.pk:
        for sal in service.at_locations.select_related("location__municipality"):
            parts += [sal.location.name, sal.location.shown_address()]
    return "|".join(search_key(p) for p in parts if p)


def refresh_search_text(service: Service) -> None:
    Service.objects.filter(pk=service.pk).update(search_text=search_text_of(service))


def sync_window_service(window: Window) -> None:
    """Keep a window's directory entry in step with the window (name, ages, search text): the
    window is the record, the entry only adds what the window lacks."""
    service = Service.objects.filter(window=window).select_related("field", "organization").first()
    if service is None:
        return
    service.window = window
    service.name = window.name
    service.minimum_age, service.maximum_age = window.age_min, window.age_max
    service.organization_id = window.operator_id
    Service.objects.filter(pk=service.pk).update(
        name=service.name,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        organization_id=service.organization_id,
        search_text=search_text_of(service),
        updated_at=timezone.now(),  # the entry's last_modified follows the window's changes
    )


def add_window(window: Window, *, field: Field | None = None, **profile: Any) -> Service:
    """Put a 相談窓口 in the directory (or return its entry): name, ages, operator, address,
    phone and hours stay the window's; `profile` sets kana, やさしい日本語, cost."""
    existing = Service.objects.filter(window=window).first()
    if existing is not None:
        return existing
    fields = {f.code: f for f in install_default_fields(window.municipality)}
    service = Service(
        municipality=window.municipality,
        window=window,
        organization_id=window.operator_id,
        field=field or fields[WINDOW_FIELD.get(window.kind, "consultation")],
        name=window.name,
        minimum_age=window.age_min,
        maximum_age=window.age_max,
    )
    for key, value in profile.items():
        setattr(service, key, value)
    service.full_clean()
    service.save()
    refresh_search_text(service)
    return service


@dataclass
class PlaceInput:
    """The one place a service is held at (staff form, CSV row)."""

    name: str = ""
    postal_code: str = ""
    address_1: str = ""
    address_2: str = ""
    area_label: str = ""
    hide_exact_address: bool = False
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    transportation: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.address_1 or self.area_label or self.latitude is not None)


SERVICE_FIELDS = (
    "field",
    "organization",
    "name",
    "name_kana",
    "description",
    "summary_easy",
    "status",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "cost",
    "fees_description",
    "application_process",
    "url",
    "email",
    "is_public",
)
# A window's entry: everything else is the window's own (window admin).
WINDOW_SERVICE_FIELDS = (
    "field",
    "name_kana",
    "summary_easy",
    "status",
    "eligibility_description",
    "cost",
    "fees_description",
    "application_process",
    "url",
    "email",
    "is_public",
)


def _check_same_municipality(municipality: Municipality, values: dict[str, Any]) -> None:
    field = values.get("field")
    if field is not None and field.municipality_id != municipality.pk:
        raise ValidationError({"field": "この自治体の分野を選んでください。"})
    organization = values.get("organization")
    if organization is not None and organization.municipality_id != municipality.pk:
        raise ValidationError({"organization": "この自治体の団体を選んでください。"})


@transaction.atomic
def save_service(
    municipality: Municipality,
    values: dict[str, Any],
    *,
    service: Service | None = None,
    place: PlaceInput | None = None,
    phone: str | None = None,
    schedule: str | None = None,
) -> Service:
    """Create or update a service, its one place, its main phone and its schedule text, in one
    transaction. `phone` is E.164 (validated by the caller's form, tsunagu.jp.normalize_phone);
    None leaves the part as it is, "" removes it."""
    _check_same_municipality(municipality, values)
    if service is None:
        service = Service(municipality=municipality)
    allowed = WINDOW_SERVICE_FIELDS if service.window_id else SERVICE_FIELDS
    for key in allowed:
        if key in values:
            setattr(service, key, values[key])
    service.full_clean(exclude=["search_text"])
    service.save()
    if place is not None and not service.window_id:
        _save_place(service, place)
    if phone is not None and not service.window_id:
        _save_main_phone(service, phone)
    if schedule is not None:
        _save_schedule_text(service, schedule)
    refresh_search_text(service)
    return service


def _save_place(service: Service, place: PlaceInput) -> None:
    sal = service.at_locations.select_related("location").first()
    if place.is_empty:
        if sal is not None:
            location = sal.location
            sal.delete()
            if not location.services_at.exists():
                location.delete()
        return
    location = sal.location if sal else Location(municipality=service.municipality)
    changed = False
    for key, value in vars(place).items():
        if getattr(location, key) != value:
            setattr(location, key, value)
            changed = True
    if changed or location._state.adding:
        location.full_clean()
        location.save()
    if sal is None:
        ServiceAtLocation.objects.create(service=service, location=location)


def _save_main_phone(service: Service, number: str) -> None:
    main = service.phones.filter(type=Phone.Type.VOICE).first()
    if not number:
        if main is not None:
            main.delete()
        return
    if main is None:
        Phone.objects.create(service=service, number=number)
    elif main.number != number:
        main.number = number
        main.save()


def _save_schedule_text(service: Service, text: str) -> None:
    """One schedule row written as people read it (「毎週水曜 10:00〜15:00」)."""
    rows = list(service.schedules.all())
    if not text:
        for row in rows:
            row.delete()
        return
    if rows and rows[0].description == text and len(rows) == 1:
        return
    for row in rows[1:]:
        row.delete()
    if rows:
        rows[0].description = text
        rows[0].save()
    else:
        Schedule.objects.create(service=service, description=text)


@transaction.atomic
def delete_service(service: Service) -> None:
    locations = [sal.location for sal in service.at_locations.select_related("location")]
    service.delete()
    for location in locations:
        if not location.services_at.exists():
            location.delete()


def organization_named(municipality: Municipality, name: str) -> Organization | None:
    """The municipality's organisation of this name (the directory and referrals share them)."""
    if not name:
        return None
    return Organization.objects.filter(municipality=municipality, name=name).first()


def save_field(municipality: Municipality, values: dict[str, Any], field: Field | None) -> Field:
    """Add a field (its code is made here: f-1, f-2 …, never shown) or rename/reorder one."""
    if field is None:
        taken = set(Field.objects.filter(municipality=municipality).values_list("code", flat=True))
        number = 1
        while f"f-{number}" in taken:
            number += 1
        field = Field(municipality=municipality, code=f"f-{number}")
    elif field.municipality_id != municipality.pk:
        raise ValidationError("この自治体の分野ではありません。")
    for key in ("name", "name_en", "description", "order"):
        if key in values:
            setattr(field, key, values[key])
    field.full_clean()
    field.save()
    return field
