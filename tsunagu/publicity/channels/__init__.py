"""Channel adapters: one interface for every place an announcement goes.

An adapter says whether its channel is set up for a municipality (``configured``), renders what
it would send (``render``: the payload staff see before and after publishing) and sends a
delivery (``send``: returns an external id, or raises ``TemporaryFailure`` — retried with
back-off — or ``PermanentFailure``). Pull channels (the website with its Atom feed, the signage
page, the flyer PDF) send nothing: publishing makes the announcement appear there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.urls import reverse

from ..models import Channel

if TYPE_CHECKING:
    from ..models import Announcement, Delivery


class TemporaryFailure(Exception):
    """Try again later (a rate limit, a server error, the network)."""


class PermanentFailure(Exception):
    """Retrying will not help (a refused request, a missing setting)."""


class Adapter(Protocol):
    channel: str

    def configured(self, announcement: Announcement) -> bool: ...

    def render(self, announcement: Announcement) -> dict[str, Any]: ...

    def send(self, delivery: Delivery) -> str: ...


def public_url(announcement: Announcement) -> str:
    """The announcement's page as printed and posted (TSUNAGU_PUBLIC_BASE_URL + /news/<id>/)."""
    base = settings.TSUNAGU_PUBLIC_BASE_URL.rstrip("/")
    return base + reverse("news-detail", args=[announcement.pk])


class PullAdapter:
    """A channel the public reads from this site: shown from publish_from to expire_at."""

    def __init__(self, channel: str, route: str, *, by_code: bool = False) -> None:
        self.channel = channel
        self.route = route
        self.by_code = by_code  # the page is the municipality's (signage), not the announcement's

    def configured(self, announcement: Announcement) -> bool:
        return True

    def render(self, announcement: Announcement) -> dict[str, Any]:
        arg = announcement.municipality.code if self.by_code else announcement.pk
        base = settings.TSUNAGU_PUBLIC_BASE_URL.rstrip("/")
        rendered = {"url": base + reverse(self.route, args=[arg])}
        if self.channel == Channel.WEBSITE:
            rendered["feed"] = base + reverse("news-feed", args=[announcement.municipality.code])
        return rendered

    def send(self, delivery: Delivery) -> str:
        return ""


def adapters() -> dict[str, Adapter]:
    from .line import LineAdapter
    from .x import XAdapter

    return {
        Channel.WEBSITE: PullAdapter(Channel.WEBSITE, "news-detail"),
        Channel.SIGNAGE: PullAdapter(Channel.SIGNAGE, "signage", by_code=True),
        Channel.FLYER: PullAdapter(Channel.FLYER, "news-flyer"),
        Channel.LINE: LineAdapter(),
        Channel.X: XAdapter(),
    }
