"""/staff/search/: the one search box. The query travels by POST only (never in URLs or
access logs: ASVS V14.2.1); results come back as an htmx partial."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tsunagu.core.validation import clean_int

from .forms import SearchForm
from .services import MAX_OFFSET, search_persons, searchable_municipalities

PAGE_SIZE = 50


def _offset(request: HttpRequest) -> int:
    try:
        value = clean_int(request.POST.get("offset"), min_value=0, max_value=MAX_OFFSET)
    except ValidationError:
        return 0
    return value or 0


@never_cache
@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    if not searchable_municipalities(request.user):
        raise PermissionDenied
    form = SearchForm(request.POST or None)
    context: dict = {"form": form, "result": None}
    if request.method == "POST" and form.is_valid() and form.cleaned_data["q"].strip():
        offset = _offset(request)
        context["result"] = search_persons(
            request.user, form.cleaned_data["q"], limit=PAGE_SIZE, offset=offset
        )
        context["offset"] = offset
        context["next_offset"] = offset + PAGE_SIZE
        context["prev_offset"] = max(0, offset - PAGE_SIZE)
    if request.headers.get("HX-Request"):
        return render(request, "search/_results.html", context)
    return render(request, "search/search.html", context)
