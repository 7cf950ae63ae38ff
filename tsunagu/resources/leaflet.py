"""The printable leaflet of a municipality's resources: two A4 pages (表面・裏面), in the manner
of 町田市ひきこもり者支援イメージ図 — the resources grouped by field on the front, how to contact
each on the back, a QR code to the directory page, the date made and a note that details may
change. core.pdf renders it (IPAex fonts embedded; nothing fetched).
"""

from __future__ import annotations

import hashlib
from typing import Any

import segno
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.safestring import mark_safe

from tsunagu.core.pdf import render_pdf
from tsunagu.jp import format_wareki
from tsunagu.tenancy.models import Municipality

from . import directory
from .models import Service

CHANGE_NOTE = (
    "※各機関の活動内容は変更している場合があります。最新の情報は各機関にお問い合わせください。"
)
# Past these many services the type gets smaller, so that the two sides still fit two pages.
DENSE_FROM = 16
VERY_DENSE_FROM = 28
SUMMARY_CHARS = 70


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def qr_svg(url: str, *, border: int = 2) -> str:
    """The QR code of `url` as inline SVG (no image file, nothing to fetch); `border` is the
    quiet zone in modules (the QR specification asks for 4 where nothing else frames it)."""
    return segno.make(url, error="m").svg_inline(scale=3, border=border)


def leaflet_context(municipality: Municipality, directory_url: str) -> dict[str, Any]:
    services = list(
        directory.with_details(directory.search(directory.Filters(municipality=municipality.code)))
    )
    groups: dict[Any, list[dict[str, Any]]] = {}
    for s in services:
        groups.setdefault(s.field, []).append(
            {
                "service": s,
                "summary": _short(s.summary_easy or s.description, SUMMARY_CHARS),
                "phones": directory.phones(s),
                "places": directory.places(s),
                "schedules": directory.schedules(s),
            }
        )
    count = len(services)
    density = "very-dense" if count >= VERY_DENSE_FROM else "dense" if count >= DENSE_FROM else ""
    today = timezone.localdate()
    return {
        "municipality": municipality,
        "groups": sorted(groups.items(), key=lambda kv: (kv[0].order, kv[0].name)),
        "count": count,
        "density": density,
        # segno writes the SVG markup itself; the URL is our own, escaped by segno
        "qr": mark_safe(qr_svg(directory_url)),
        "directory_url": directory_url,
        "made_on": format_wareki(today),
        "change_note": CHANGE_NOTE,
    }


def render_leaflet(municipality: Municipality, directory_url: str) -> bytes:
    return render_pdf("resources/leaflet.html", leaflet_context(municipality, directory_url))


CACHE_SECONDS = 10 * 60


def cached_leaflet(municipality: Municipality, directory_url: str) -> bytes:
    """The leaflet from the cache while nothing in the municipality's directory changed (a public
    URL must not cost a PDF rendering per request); a window's new hours show within
    CACHE_SECONDS."""
    state = Service.objects.filter(municipality=municipality).aggregate(
        latest=Max("updated_at"), count=Count("pk")
    )
    stamp = f"{state['latest']}|{state['count']}|{timezone.localdate()}|{directory_url}"
    key = "resources-leaflet:" + hashlib.sha256(stamp.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_leaflet(municipality, directory_url)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
