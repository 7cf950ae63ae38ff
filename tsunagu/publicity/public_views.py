"""Public pages of announcements (no login, no JavaScript needed): the news list, a page per
announcement with its image and printable flyer, the Atom feed per municipality (feeds.py) and
the signage screen (signage.py). Only current announcements are shown: published, started and
not expired; anything else answers 404."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from tsunagu.tenancy.models import Municipality

from .flyer import render_flyer
from .models import Announcement, current_q

LIST_LIMIT = 100
FLYER_CACHE_SECONDS = 10 * 60


def current_announcements() -> QuerySet[Announcement]:
    return (
        Announcement.objects.filter(current_q())
        .select_related("municipality", "window", "organization")
        .defer("image")
        .order_by("-publish_from", "-pk")
    )


def news_list(request: HttpRequest) -> HttpResponse:
    municipalities = list(
        Municipality.objects.filter(
            pk__in=Announcement.objects.filter(current_q()).values("municipality_id")
        ).order_by("code")
    )
    chosen = next((m for m in municipalities if m.code == request.GET.get("municipality")), None)
    announcements = current_announcements()
    if chosen is not None:
        announcements = announcements.filter(municipality=chosen)
    return render(
        request,
        "publicity/news_list.html",
        {
            "announcements": list(announcements[:LIST_LIMIT]),
            "municipalities": municipalities,
            "chosen": chosen,
        },
    )


def news_detail(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = get_object_or_404(
        current_announcements().select_related("programme", "session", "session__programme"),
        pk=announcement_id,
    )
    return render(request, "publicity/news_detail.html", {"announcement": announcement})


def news_image(request: HttpRequest, announcement_id: int) -> HttpResponse:
    row = (
        Announcement.objects.filter(current_q(), pk=announcement_id, image__isnull=False)
        .values("image", "image_type")
        .first()
    )
    if row is None:
        raise Http404(_("画像がありません。"))
    return HttpResponse(bytes(row["image"]), content_type=row["image_type"])


def news_flyer(request: HttpRequest, announcement_id: int) -> HttpResponse:
    """The A4 flyer (PDF), cached while the announcement is unchanged."""
    announcement = get_object_or_404(current_announcements(), pk=announcement_id)
    stamp = f"{announcement.pk}|{announcement.updated_at.isoformat()}"
    key = "publicity-flyer:" + hashlib.sha256(stamp.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_flyer(announcement)
        cache.set(key, pdf, FLYER_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="flyer-{announcement.pk}.pdf"'
    return response
