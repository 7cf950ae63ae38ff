"""PDF documents (minutes, anonymised case studies): a Django template rendered by WeasyPrint.

Every document extends `core/print_base.html`, which sets A4 pages, a page counter and the
IPAex fonts from Debian's fonts-ipaexfont (embedded as subsets, so the PDF reads the same on
any machine). WeasyPrint fetches nothing: a document is built from the template alone, and any
URL in it (an <img>, a stylesheet, a link to the outside typed into free text) is refused, so a
document can neither leak a request nor wait on the network.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The PDF bytes of `template_name` rendered with `context` (Japanese text, IPAex fonts)."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s at start-up
    from weasyprint.urls import URLFetcher

    html = render_to_string(template_name, context)
    no_fetching = URLFetcher(allowed_protocols=())  # every URL refused, rendering goes on
    return HTML(string=html, url_fetcher=no_fetching, base_url="about:blank").write_pdf()
