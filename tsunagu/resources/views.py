"""Public pages of the directory: the list with its filters, a service, the map and the leaflet.

Anyone may read them (published data only, no login, no JavaScript needed); they never query
a case table. The map draws pins with Leaflet (served from our static files) over the tiles
of settings.TSUNAGU_MAP_TILE_URL, when one is configured; the list below it is the same list.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from csp.decorators import csp_update
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language

from tsunagu.tenancy.models import Municipality

from . import directory, leaflet
from .forms import DirectoryFilterForm
from .models import Field, parse_id

PER_PAGE = 20
MAX_PINS = 500


def _field_choices(language: str) -> list[tuple[str, str]]:
    """Field codes with their names, in the order of the first municipality that has them."""
    seen: dict[str, str] = {}
    for f in Field.objects.order_by("order", "municipality__code"):
        seen.setdefault(f.code, f.label(language))
    return list(seen.items())


def _filters(request: HttpRequest) -> tuple[DirectoryFilterForm, directory.Filters]:
    municipalities = list(Municipality.objects.order_by("code"))
    form = DirectoryFilterForm(request.GET, municipalities, _field_choices(get_language()))
    data = form.cleaned()
    filters = directory.Filters(
        municipality=data.get("municipality") or "",
        fields=data.get("field") or [],
        age=data.get("age"),
        text=data.get("q") or "",
        free_only=bool(data.get("free")),
    )
    return form, filters


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _entries(services: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "service": s,
            "phones": directory.phones(s),
            "places": directory.places(s),
            "schedules": directory.schedules(s),
        }
        for s in services
    ]


def directory_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    paginator = Paginator(directory.search(filters), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    services = list(directory.with_details(page.object_list.all()))
    return render(
        request,
        "resources/list.html",
        {
            "form": form,
            "page": page,
            "entries": _entries(services),
            "query": _query_without_page(request),
            "municipality": filters.municipality,
            "language": get_language(),
        },
    )


def resource_detail(request: HttpRequest, service_id: str) -> HttpResponse:
    pk = parse_id(service_id)
    if pk is None:
        raise Http404
    service = get_object_or_404(directory.with_details(directory.public_services()), pk=pk)
    return render(
        request,
        "resources/detail.html",
        {
            "service": service,
            "entry": _entries([service])[0],
            "language": get_language(),
        },
    )


def _tile_origin() -> str:
    url = settings.TSUNAGU_MAP_TILE_URL
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


def resource_map(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    services = list(directory.with_details(directory.search(filters))[:MAX_PINS])
    entries = _entries(services)
    pins = [
        {
            "name": e["service"].name,
            "url": reverse("resource-detail", args=[e["service"].pk]),
            "lat": float(place.latitude),
            "lng": float(place.longitude),
            "address": place.address,
        }
        for e in entries
        for place in e["places"]
        if place.has_pin
    ]
    response = render(
        request,
        "resources/map.html",
        {
            "form": form,
            "entries": entries,
            "pins": pins,
            "tile_url": settings.TSUNAGU_MAP_TILE_URL if _tile_origin() else "",
            "tile_attribution": settings.TSUNAGU_MAP_TILE_ATTRIBUTION,
            "hidden_count": sum(1 for e in entries for place in e["places"] if place.hidden),
            "language": get_language(),
        },
    )
    return response


def map_view(request: HttpRequest) -> HttpResponse:
    """The map, with the tile server (when configured) allowed as an image source."""
    origin = _tile_origin()
    if origin:
        return csp_update({"img-src": [origin]})(resource_map)(request)
    return resource_map(request)


def leaflet_pdf(request: HttpRequest, municipality_code: str) -> HttpResponse:
    municipality = Municipality.objects.filter(code=municipality_code).first()
    if municipality is None:
        raise Http404
    directory_url = request.build_absolute_uri(
        reverse("resources") + f"?municipality={municipality.code}"
    )
    pdf = leaflet.cached_leaflet(municipality, directory_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="resources-{municipality.code}.pdf"'
    return response
