"""The API's one error shape, its exception handlers and its documentation in OpenAPI.

Every invalid input — a body or parameter that fails its schema (ninja's ValidationError), a
ValidationError from a form or service, a body that is not JSON — answers **422** with::

    {"detail": [{"loc": ["body", "payload", "family_name"], "msg": "60文字以内で…", "type": "…"}]}

``loc`` says where (``body``/``query``/``path`` then the field), ``msg`` is Japanese, ``type``
a stable code. Other errors answer ``{"detail": "…"}``: 401 (no or a bad token), 403 (no
permission), 404 (nothing there, or outside the user's scope). The OpenAPI document lists
them on every operation that can answer them (:class:`DocumentedErrorsAPI`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from tsunagu.audit.log import record_refusal
from tsunagu.core.validation.codes import clean_shown


class ErrorOut(Schema):
    detail: str


class ValidationErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[ValidationErrorItem]


NOT_FOUND = "見つかりません。"
UNAUTHORIZED = "認証が必要です。Authorization: Bearer <token> を付けてください。"
FORBIDDEN = "この操作を行う権限がありません。"
NOT_JSON = "リクエストの本文を JSON として読み取れません。"

# Japanese messages for pydantic's error types (those of our validators carry their own).
MESSAGES = {
    "missing": "必須の項目です。",
    "int_type": "整数で入力してください。",
    "int_parsing": "整数で入力してください。",
    "int_from_float": "整数で入力してください。",
    "float_type": "数値で入力してください。",
    "float_parsing": "数値で入力してください。",
    "string_type": "文字で入力してください。",
    "bool_type": "true または false で指定してください。",
    "bool_parsing": "true または false で指定してください。",
    "list_type": "一覧（配列）で指定してください。",
    "dict_type": "オブジェクトで指定してください。",
    "model_type": "オブジェクトで指定してください。",
    "model_attributes_type": "オブジェクトで指定してください。",
    "date_type": "日付は 2026-04-01 の形で入力してください。",
    "date_parsing": "日付は 2026-04-01 の形で入力してください。",
    "date_from_datetime_parsing": "日付は 2026-04-01 の形で入力してください。",
    "datetime_type": "日時は 2026-04-01T10:30 の形で入力してください。",
    "datetime_parsing": "日時は 2026-04-01T10:30 の形で入力してください。",
    "greater_than_equal": "{ge}以上で入力してください。",
    "less_than_equal": "{le}以下で入力してください。",
    "string_too_long": "{max_length}文字以内で入力してください。",
    "too_long": "{max_length}件以内で指定してください。",
    "enum": "選択肢から選んでください。",
    "literal_error": "選択肢から選んでください。",
    "json_invalid": NOT_JSON,
    "extra_forbidden": "この項目は使えません。",
}
DEFAULT_MESSAGE = "値が正しくありません。"


def _message(error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    if error.get("type") == "invalid_input" and "message" in ctx:
        return str(ctx["message"])
    template = MESSAGES.get(error.get("type", ""), DEFAULT_MESSAGE)
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return DEFAULT_MESSAGE


def _loc(parts: Any) -> list[str | int]:
    return [p if isinstance(p, int) else clean_shown(p)[:80] for p in parts]


def error_response(api: NinjaAPI, request: HttpRequest, items: list[dict]) -> HttpResponse:
    return api.create_response(request, {"detail": items}, status=422)


def _source(request: HttpRequest) -> str:
    return "query" if request.method in ("GET", "HEAD", "DELETE") else "body"


def django_items(request: HttpRequest, error: ValidationError) -> list[dict]:
    """The items of a Django ValidationError (keyed by field, or not)."""
    source = _source(request)
    if not hasattr(error, "error_dict"):
        return [{"loc": [source], "msg": m, "type": "invalid"} for m in error.messages]
    items = []
    for key, errors in error.error_dict.items():
        loc = [source] if key == "__all__" else [source, key]
        for item in errors:
            for message in item.messages:
                items.append({"loc": _loc(loc), "msg": message, "type": item.code or "invalid"})
    return items


def install_error_handlers(api: NinjaAPI) -> None:
    """The API's exception handlers (one place; routers raise, never map errors)."""

    def on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        items = [
            {"loc": _loc(e.get("loc", ())), "msg": _message(e), "type": e.get("type", "invalid")}
            for e in exc.errors
        ]
        return error_response(api, request, items)

    def on_django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(api, request, django_items(request, exc))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError) or exc.status_code == 401:
            return api.create_response(request, {"detail": UNAUTHORIZED}, status=401)
        if exc.status_code == 400:  # ninja: the body could not be parsed
            return error_response(
                api, request, [{"loc": ["body"], "msg": NOT_JSON, "type": "json_invalid"}]
            )
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": NOT_FOUND}, status=404)

    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        record_refusal(request.method or "", request.path)
        return api.create_response(request, {"detail": str(exc) or FORBIDDEN}, status=403)

    api.add_exception_handler(NinjaValidationError, on_ninja_validation)
    api.add_exception_handler(ValidationError, on_django_validation)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_denied)


def _ref(name: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


ERROR_RESPONSES = {
    401: ("ErrorOut", "認証が必要です（トークンがない・無効）"),
    403: ("ErrorOut", "権限がありません"),
    404: ("ErrorOut", "見つかりません（存在しない、または利用者の範囲外）"),
    422: ("ValidationErrorOut", "入力に誤りがあります（loc・msg・type の一覧）"),
}


class DocumentedErrorsAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document lists the error responses of every operation: 401 and
    403 where a token is required, 404 where a token is required or a path names a record,
    422 where the operation takes input (parameters or a body)."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (ErrorOut, ValidationErrorItem, ValidationErrorOut):
            definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, sub in definition.pop("$defs", {}).items():
                components.setdefault(name, sub)
            components.setdefault(model.__name__, definition)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                codes = set()
                if operation.get("security"):
                    codes |= {401, 403, 404}
                if operation.get("parameters") or operation.get("requestBody"):
                    codes.add(422)
                if any(p.get("in") == "path" for p in operation.get("parameters", [])):
                    codes.add(404)
                responses = operation.setdefault("responses", {})
                for code in sorted(codes):
                    name, description = ERROR_RESPONSES[code]
                    responses.setdefault(code, _ref(name, description))
        return schema
