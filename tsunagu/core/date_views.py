"""The readout of a date input while it is typed (HTMX): how the text reads, or the error."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tsunagu.core.validation.date_fields import KINDS, readout


@login_required
def date_readout(request: HttpRequest, kind: str) -> HttpResponse:
    """GET ?name=<input name>&id=<input id>&<name>=<text>: the <output> that replaces the
    input's readout. No personal data is read or stored."""
    if kind not in KINDS:
        raise Http404
    name = request.GET.get("name", "")
    text, ok = readout(kind, request.GET.get(name, ""))
    element_id = request.GET.get("id", name)[:100]
    context = {"readout_id": f"{element_id}-readout", "text": text, "ok": ok}
    return render(request, "core/_date_readout.html", context)
