from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme

from tsunagu.accounts.permissions import Action, memberships_for
from tsunagu.audit.log import record_list
from tsunagu.booking.availability import bookable_window_ids
from tsunagu.core.middleware import ChosenLanguageMiddleware
from tsunagu.people.models import Case
from tsunagu.tenancy.models import Municipality, Window


def public_home(request: HttpRequest) -> HttpResponse:
    windows = Window.objects.filter(is_public=True).prefetch_related("opening_hours")
    municipalities = Municipality.objects.select_related("prefecture").prefetch_related(
        Prefetch("windows", queryset=windows, to_attr="public_windows")
    )
    return render(request, "public/home.html", {"municipalities": municipalities})


def window_detail(request: HttpRequest, municipality_code: str, slug: str) -> HttpResponse:
    window = get_object_or_404(
        Window.objects.select_related("municipality", "operator").prefetch_related(
            "opening_hours", "opening_exceptions"
        ),
        municipality__code=municipality_code,
        slug=slug,
        is_public=True,
    )
    takes_bookings = window.pk in bookable_window_ids()
    return render(
        request, "public/window_detail.html", {"window": window, "takes_bookings": takes_bookings}
    )


# The choices of the footer's language switcher: code → (Django language, やさしい日本語).
LANGUAGE_CHOICES = {"ja": ("ja", False), "easy": ("ja", True), "en": ("en", False)}


def choose_language(request: HttpRequest) -> HttpResponse:
    """The footer's language links (GET, no JavaScript, no CSRF cookie on public pages): remember
    the choice in cookies and go back to the page (`next`, same site only)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/"
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    choice = LANGUAGE_CHOICES.get(request.GET.get("lang", ""))
    if choice is None:
        return response
    language, easy = choice
    cookie = {
        "max_age": settings.LANGUAGE_COOKIE_AGE,
        "samesite": "Lax",
        "secure": request.is_secure(),
        "httponly": True,
    }
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, **cookie)
    if easy:
        response.set_cookie(ChosenLanguageMiddleware.EASY_COOKIE, "1", **cookie)
    else:
        response.delete_cookie(ChosenLanguageMiddleware.EASY_COOKIE, samesite="Lax")
    return response


def accessibility_policy(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accessibility.html")


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    memberships = memberships_for(request.user)
    cases = list(
        Case.objects.visible_to(request.user, Action.VIEW_CASE)
        .select_related("person", "window")
        .order_by("-updated_at")[:20]
    )
    record_list(Case, cases, page="staff_home")
    return render(
        request,
        "staff/home.html",
        {
            "memberships": memberships,
            "cases": cases,
        },
    )
