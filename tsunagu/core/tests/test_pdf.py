"""core.pdf: a real PDF with the IPAex font embedded, and nothing fetched."""

import re
import zlib

import pytest
from django.template import engines

from tsunagu.core.pdf import render_pdf


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated (font names sit in object streams)."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            pass
    return b"".join(parts)


@pytest.fixture
def template(tmp_path, settings):
    (tmp_path / "doc.html").write_text(
        '{% extends "core/print_base.html" %}{% block body %}<h1>{{ title }}</h1>'
        '<p class="pre">{{ text }}</p>{% endblock %}',
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])]}
    ]
    engines._engines = {}  # the template engines are rebuilt with the extra directory
    engines.__dict__.pop("templates", None)
    yield "doc.html"
    engines._engines = {}
    engines.__dict__.pop("templates", None)


def test_a_japanese_document_is_a_pdf_with_the_ipaex_font_embedded(template):
    pdf = render_pdf(template, {"title": "支援会議 議事録", "text": "髙橋 﨑 齋藤 邊見"})
    assert pdf.startswith(b"%PDF-")
    text = _pdf_text(pdf)
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+IPAexGothic", text)  # embedded as a subset
    assert b"/FontFile2" in text


def test_urls_in_user_text_are_not_fetched(template):
    text = '<img src="http://127.0.0.1:9/x.png">'  # escaped by the template: plain text
    pdf = render_pdf(template, {"title": "t", "text": text})
    assert pdf.startswith(b"%PDF-")


def test_a_template_that_links_outside_fetches_nothing(tmp_path, template):
    (tmp_path / "doc.html").write_text(
        '{% extends "core/print_base.html" %}{% block body %}'
        '<img src="http://127.0.0.1:9/x.png">{% endblock %}',
        encoding="utf-8",
    )
    # WeasyPrint logs the refused fetch and renders the rest
    assert render_pdf(template, {}).startswith(b"%PDF-")
