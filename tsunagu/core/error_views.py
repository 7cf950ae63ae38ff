"""The project's error pages (handler400/403/404/500): Japanese (English when chosen), with a
way back, never a stack trace. Under /api/ the same errors answer the API's JSON shape."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

API_PREFIX = "/api/"
API_DETAIL = {
    400: "リクエストを処理できません。",
    403: "この操作を行う権限がありません。",
    404: "見つかりません。",
    500: "サーバーでエラーが発生しました。",
}


def _api(request: HttpRequest, status: int) -> HttpResponse | None:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": API_DETAIL[status]}, status=status)
    return None


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api(request, 404) or HttpResponse(
        loader.get_template("404.html").render(request=request), status=404
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api(request, 403) or HttpResponse(
        loader.get_template("403.html").render(request=request), status=403
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Without the request: it may be what is wrong (a bad Host header, …).
    return _api(request, 400) or HttpResponse(loader.get_template("400.html").render(), status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    # Without context: the database or a context processor may be what failed.
    return _api(request, 500) or HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return HttpResponse(loader.get_template("403_csrf.html").render(), status=403)
