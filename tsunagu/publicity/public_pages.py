"""Announcement pages for the tests over every public page (tsunagu/testing/public_pages.py):
the list links to the pages, feeds, flyers and signage screens; an image is only an <img src>,
which the crawler does not follow, so the first current image is listed here."""

from __future__ import annotations

from django.urls import reverse

from .models import Announcement, current_q


def example_urls() -> list[str]:
    pk = (
        Announcement.objects.filter(current_q(), image__isnull=False)
        .values_list("pk", flat=True)
        .first()
    )
    return [reverse("news-image", args=[pk])] if pk else []
