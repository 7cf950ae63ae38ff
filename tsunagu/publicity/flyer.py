"""The printable A4 flyer of an announcement: title, text, the related session, and a QR code
to its page with the short URL printed beside it (people who cannot scan type it). core.pdf
renders it (IPAex fonts embedded; nothing fetched, so the announcement's image is not printed).
The QR code comes from the resource leaflet's helper with the full 4-module quiet zone."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.safestring import mark_safe

from tsunagu.core.pdf import render_pdf
from tsunagu.jp import format_wareki
from tsunagu.resources.leaflet import qr_svg

from .channels import public_url
from .models import Announcement

QUIET_ZONE = 4  # modules
TRADEMARK_NOTE = "QRコードは株式会社デンソーウェーブの登録商標です。"


def short_url(announcement: Announcement) -> str:
    """The page's URL without the scheme: what a reader types."""
    return public_url(announcement).split("://", 1)[-1]


def flyer_context(announcement: Announcement) -> dict[str, Any]:
    url = public_url(announcement)
    session = announcement.session
    return {
        "announcement": announcement,
        "session": session,
        "session_start": timezone.localtime(session.starts_at) if session else None,
        "session_end": timezone.localtime(session.ends_at) if session else None,
        # segno writes the SVG markup itself; the URL is our own, escaped by segno
        "qr": mark_safe(qr_svg(url, border=QUIET_ZONE)),
        "url": url,
        "short_url": short_url(announcement),
        "made_on": format_wareki(timezone.localdate()),
        "trademark_note": TRADEMARK_NOTE,
    }


def render_flyer(announcement: Announcement) -> bytes:
    return render_pdf("publicity/flyer.html", flyer_context(announcement))
