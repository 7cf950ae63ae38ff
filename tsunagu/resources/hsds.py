"""Services as Open Referral HSDS 3.0 JSON (schema/compiled/service.json and service_list.json
of the specification), with the Japanese profile's additions.

Japanese profile (extra properties, allowed by HSDS): on a service `municipality_code`
(全国地方公共団体コード), `name_kana`, `summary_easy_ja` (やさしい日本語) and `window_id` when
the service is a 相談窓口; on a location `hide_exact_address` (then the address carries only the
area, no postal code and no coordinates). Schedules carry `timezone: 9` (Asia/Tokyo).
A window's phone, address and hours get stable derived ids (models.derived_id).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import directory
from .models import Field, Service, derived_id

HSDS_VERSION = "3.0"
FIELD_TAXONOMY = "tsunagu-field"
FIELD_TAXONOMY_ID = derived_id("taxonomy", FIELD_TAXONOMY)
COUNTRY = "JP"
TOKYO_UTC_OFFSET = 9


def organization_id(pk: int) -> str:
    return derived_id("organization", pk)


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    """HSDS optional fields are left out rather than sent as null or ""."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _last_modified(service: Service) -> str:
    return timezone.localtime(service.updated_at).isoformat()


def _organization(service: Service) -> dict[str, Any] | None:
    org = service.organization
    if org is None:
        return None
    return _without_empty(
        {
            "id": organization_id(org.pk),
            "name": org.name,
            "website": org.website,
        }
    ) | {"description": org.description}  # required, may be empty


def field_term(field: Field) -> dict[str, Any]:
    return {
        "id": str(field.id),
        "code": field.code,
        "name": field.name,
        "description": field.description or field.name,
        "taxonomy": FIELD_TAXONOMY,
        "taxonomy_id": FIELD_TAXONOMY_ID,
        "language": "ja",
    }


def service_summary(service: Service) -> dict[str, Any]:
    """The one-to-one fields (an item of the paged /services list)."""
    data = _without_empty(
        {
            "id": str(service.id),
            "organization_id": organization_id(service.organization_id)
            if service.organization_id
            else None,
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "eligibility_description": service.eligibility_description,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "fees_description": service.fees_description,
            "application_process": service.application_process,
            "last_modified": _last_modified(service),
            # the Japanese profile
            "municipality_code": service.municipality.code,
            "name_kana": service.name_kana,
            "summary_easy_ja": service.summary_easy,
            "window_id": service.window_id,
        }
    )
    org = _organization(service)
    if org is not None:
        data["organization"] = org
    return data


def _phone(p: directory.ShownPhone, service_id: str) -> dict[str, Any]:
    return _without_empty(
        {
            "id": p.id,
            "service_id": service_id,
            "number": p.number,
            "type": p.type,
            "description": p.description,
        }
    )


def _schedule(s: directory.ShownSchedule, service_id: str) -> dict[str, Any]:
    return _without_empty(
        {
            "id": s.id,
            "service_id": service_id,
            "freq": s.freq,
            "byday": s.byday,
            "opens_at": s.opens_at.strftime("%H:%M") if s.opens_at else None,
            "closes_at": s.closes_at.strftime("%H:%M") if s.closes_at else None,
            "description": s.text,
        }
    ) | {"timezone": TOKYO_UTC_OFFSET}


def _location(place: directory.ShownPlace, service: Service) -> dict[str, Any]:
    municipality = service.municipality
    address = {
        "id": derived_id("address", place.id),
        "location_id": place.id,
        "address_1": place.address.removeprefix(municipality.name),
        "city": municipality.name,
        "state_province": municipality.prefecture.name,
        "postal_code": place.postal_code,
        "country": COUNTRY,
        "address_type": "physical",
    }
    if place.location is not None and not place.hidden and place.location.address_2:
        address["address_2"] = place.location.address_2
        address["address_1"] = place.location.address_1
    location = _without_empty(
        {
            "id": place.id,
            "location_type": "physical",
            "name": place.name,
            "latitude": float(place.latitude) if place.has_pin else None,
            "longitude": float(place.longitude) if place.has_pin else None,
            "transportation": place.location.transportation if place.location else "",
        }
    )
    location["addresses"] = [address]
    location["hide_exact_address"] = place.hidden
    return location


def service_full(service: Service) -> dict[str, Any]:
    """The fully nested service (/services/{id})."""
    sid = str(service.id)
    data = service_summary(service)
    data["phones"] = [_phone(p, sid) for p in directory.phones(service)]
    data["schedules"] = [_schedule(s, sid) for s in directory.schedules(service)]
    data["service_at_locations"] = [
        {
            "id": derived_id("service-at-location", sid, place.id),
            "service_id": sid,
            "location_id": place.id,
            "location": _location(place, service),
        }
        for place in directory.places(service)
    ]
    data["contacts"] = [
        _without_empty(
            {
                "id": str(c.id),
                "service_id": sid,
                "name": c.name,
                "title": c.title,
                "department": c.department,
                "email": c.email,
            }
        )
        | (
            {"phones": [{"id": derived_id("contact-phone", c.id), "number": c.phone}]}
            if c.phone
            else {}
        )
        for c in service.contacts.all()
    ]
    data["cost_options"] = (
        [
            {
                "id": derived_id("cost", sid),
                "service_id": sid,
                "option": "無料",
                "amount": 0,
                "currency": "JPY",
            }
        ]
        if service.cost == Service.Cost.FREE
        else []
    )
    data["service_areas"] = [
        {
            "id": derived_id("service-area", service.municipality.code),
            "service_id": sid,
            "name": service.municipality.name,
            "uri": f"urn:jp:lg-code:{service.municipality.code}",
        }
    ]
    data["languages"] = [
        {"id": derived_id("language", sid, "ja"), "service_id": sid, "name": "日本語", "code": "ja"}
    ]
    data["attributes"] = [
        {
            "id": derived_id("attribute", sid, service.field_id),
            "link_id": sid,
            "link_type": "field",
            "link_entity": "service",
            "taxonomy_term_id": str(service.field_id),
            "taxonomy_term": field_term(service.field),
        }
    ]
    return data


def page(items: list[dict[str, Any]], total: int, number: int, size: int) -> dict[str, Any]:
    """HSDS's Page wrapper."""
    pages = max(1, -(-total // size))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(items),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not items,
        "contents": items,
    }
