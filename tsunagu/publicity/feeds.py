"""The Atom feed of a municipality's current announcements (Django's syndication framework):
/news/{municipality code}.atom. Entry ids are the announcement pages' URLs (stable)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed

from tsunagu.tenancy.models import Municipality

from .models import Announcement

FEED_LIMIT = 50


class MunicipalityNewsFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        with translation.override("ja"):  # the feed is in the announcements' language
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, municipality_code: str) -> Municipality:
        municipality = Municipality.objects.filter(code=municipality_code).first()
        if municipality is None:
            raise Http404("no such municipality")
        return municipality

    def title(self, obj: Municipality) -> str:
        return f"{obj.name}のお知らせ"

    def subtitle(self, obj: Municipality) -> str:
        return f"{obj.name}のひきこもり支援に関するお知らせ（つなぐ）"

    def link(self, obj: Municipality) -> str:
        return reverse("news-list") + f"?municipality={obj.code}"

    def feed_url(self, obj: Municipality) -> str:
        return reverse("news-feed", args=[obj.code])

    def items(self, obj: Municipality):
        from .public_views import current_announcements

        return current_announcements().filter(municipality=obj)[:FEED_LIMIT]

    def item_title(self, item: Announcement) -> str:
        return item.title

    def item_description(self, item: Announcement) -> str:
        return item.body

    def item_link(self, item: Announcement) -> str:
        return reverse("news-detail", args=[item.pk])

    def item_pubdate(self, item: Announcement):
        return item.publish_from

    def item_updateddate(self, item: Announcement):
        return item.updated_at

    def item_author_name(self, item: Announcement) -> str:
        return str(item.author)
