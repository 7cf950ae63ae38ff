"""The navigator's pages: one question per page, answers carried in the query string.

Nothing a person answers is stored: no session, no cookie, no audit entry, no database write; the
request log leaves out the query string of /navi/ (tsunagu.navigator.logging). Pages that carry
answers are `no-store` (not kept on a shared family computer's disk or in any proxy) and send no
Referer onward; the start page is cacheable.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core.public_cache import built_for_every_visitor
from tsunagu.routing.topics import TOPICS

from .answers import ASKERS, STEPS, UNKNOWN, Answers
from .fragments import line_cards, window_cards
from .services import navigate
from .snapshot import NavigatorData, navigator_data

# More municipalities than this and the first question is a drop-down instead of radios.
MAX_RADIOS = 12
START_CACHE_SECONDS = 300


def _private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        built_for_every_visitor(request)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


@cache
def _reversed(name: str, script_prefix: str) -> str:
    return reverse(name)


def _path(name: str) -> str:
    """reverse(name), kept per script prefix: the navigator's URLs take no arguments, and a
    result names six of them, at about 0.1 ms each through reverse())."""
    return _reversed(name, get_script_prefix())


def _step_url(step: str, answers: Answers, query: str | None = None) -> str:
    query = answers.query() if query is None else query
    url = _path(f"navigator-{step}")
    return f"{url}?{query}" if query else url


def start(request: HttpRequest) -> HttpResponse:
    response = render(
        request, "navigator/start.html", {"first_url": _path("navigator-municipality")}
    )
    response["Cache-Control"] = f"public, max-age={START_CACHE_SECONDS}"
    return response


def _answers(request: HttpRequest, data: NavigatorData) -> Answers:
    return Answers.from_query(request.GET, data.by_code.keys())


ERRORS = {
    "municipality": lambda: _(
        "お住まいの市区町村を選んでください。わからないときは「わからない」を選んでください。"
    ),
    "asker": lambda: _("相談する方を選んでください。"),
    "age": lambda: _(
        "年齢を0から120までの数字で入力してください（例：45）。"
        "わからないときは「年齢がわからない」を押してください。"
    ),
}


@_private
def question(request: HttpRequest, step: str) -> HttpResponse:
    data = navigator_data()
    answers = _answers(request, data)
    missing = answers.first_missing(step)
    if missing:
        return HttpResponseRedirect(_step_url(missing, answers))
    index = STEPS.index(step)
    error = ""
    if request.GET.get("next"):
        if step == "age" and request.GET.get("age_unknown"):
            answers.age = UNKNOWN
        if answers.answered(step):
            following = STEPS[index + 1] if index + 1 < len(STEPS) else "result"
            return HttpResponseRedirect(_step_url(following, answers))
        error = ERRORS[step]()
    back = _step_url(STEPS[index - 1], answers) if index else _path("navigator-start")
    context: dict[str, Any] = {
        "step": step,
        "number": index + 1,
        "total": len(STEPS),
        "answers": answers,
        "hidden": answers.pairs(leave_out=step),
        "back_url": back,
        "error": error,
        "UNKNOWN": UNKNOWN,
    }
    if step == "municipality":
        context["municipalities"] = data.municipalities
        context["use_select"] = len(data.municipalities) > MAX_RADIOS
    elif step == "asker":
        context["askers"] = ASKERS
    elif step == "age":
        context["raw_age"] = request.GET.get("age", "") if answers.age != UNKNOWN else ""
    elif step == "worries":
        context["topics"] = TOPICS
    return render(request, f"navigator/question_{step}.html", context)


def _result_context(request: HttpRequest, data: NavigatorData) -> dict[str, Any] | HttpResponse:
    answers = _answers(request, data)
    missing = answers.first_missing("worries")
    if missing:
        return HttpResponseRedirect(_step_url(missing, answers))
    result = navigate(answers, timezone.localtime(), data)
    query = answers.query()
    change = {step: _step_url(step, answers, query) for step in STEPS}
    return {
        "result": result,
        "answers": answers,
        "asker_label": dict(ASKERS).get(answers.asker, ""),
        "change": change,
        "back_url": change["worries"],
        "memo_url": f"{_path('navigator-memo')}?{query}",
        "restart_url": _path("navigator-start"),
        "UNKNOWN": UNKNOWN,
    }


@_private
def result(request: HttpRequest) -> HttpResponse:
    data = navigator_data()
    context = _result_context(request, data)
    if isinstance(context, HttpResponse):
        return context
    found = context["result"]
    if found.municipality is not None:
        today = found.now.date()
        context["window_cards"] = window_cards(
            request, data, found.municipality, found.windows, today
        )
        context["age_dependent_cards"] = window_cards(
            request, data, found.municipality, found.age_dependent, today
        )
    context["prefecture_line_cards"] = line_cards(request, data, found.prefecture_lines)
    context["crisis_line_cards"] = line_cards(request, data, found.crisis_lines)
    return render(request, "navigator/result.html", context)


@_private
def memo(request: HttpRequest) -> HttpResponse:
    """The result as a one-page PDF 相談メモ to take along (rendered in memory, never kept)."""
    from tsunagu.core.pdf import render_pdf

    context = _result_context(request, navigator_data())
    if isinstance(context, HttpResponse):
        return context
    pdf = render_pdf("navigator/memo_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="soudan-memo.pdf"'
    return response
