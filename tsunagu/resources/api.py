"""/api/hsds/: the directory as a read-only Open Referral HSDS 3.0 API (schema/openapi.json of
the specification): `GET /`, `GET /services` (paged; every filter given narrows the result) and
`GET /services/{id}`. Open to anyone (public data, no token), CORS `*` as the UK profile asks.

Filters of the HSDS API: search, taxonomy_term_id, taxonomy_id, organization_id,
modified_after, minimal, full, page, per_page, format (json only). Japanese profile:
municipality_code and age.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field as PydanticField

from tsunagu.api.errors import DocumentedErrorsAPI, install_error_handlers
from tsunagu.tenancy.models import Organization

from . import directory, hsds
from .models import MAX_AGE, parse_id

MAX_PER_PAGE = 100

api = DocumentedErrorsAPI(
    title="tsunagu HSDS API",
    version="3.0",
    description="社会資源（支援・居場所）の案内を Open Referral HSDS 3.0 の形で公開する読み取り専用の API。",
    urls_namespace="api-hsds",
    docs_url=None,
)
install_error_handlers(api)


def _open(response: HttpResponse) -> None:
    response["Access-Control-Allow-Origin"] = "*"


@api.get("/", summary="この API と HSDS の関係")
def meta(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    _open(response)
    return {
        "version": hsds.HSDS_VERSION,
        "profile": request.build_absolute_uri(reverse("api-hsds:profile")),
        "openapi_url": request.build_absolute_uri(reverse("api-hsds:openapi-json")),
    }


@api.get("/profile", summary="日本のプロファイル（HSDS への追加項目）", url_name="profile")
def profile(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    _open(response)
    return {
        "name": "tsunagu Japanese profile of HSDS 3.0",
        "service": {
            "municipality_code": "全国地方公共団体コード（6桁）",
            "name_kana": "名称のよみがな",
            "summary_easy_ja": "やさしい日本語の説明",
            "window_id": "相談窓口であるとき、その窓口の id",
        },
        "location": {
            "hide_exact_address": "true のとき所在地は地区名だけ（郵便番号・緯度経度なし）",
        },
        "schedule": {"timezone": "9（Asia/Tokyo）"},
        "taxonomy": {hsds.FIELD_TAXONOMY: "分野（保健医療・福祉・居場所・就労・教育 など）"},
    }


@api.get("/services", summary="サービスの一覧（ページ単位、条件はすべて AND）")
def services(
    request: HttpRequest,
    response: HttpResponse,
    search: Annotated[str, PydanticField(max_length=200)] = "",
    page: Annotated[int, PydanticField(ge=1, le=100000)] = 1,
    per_page: Annotated[int, PydanticField(ge=1, le=MAX_PER_PAGE)] = 50,
    taxonomy_term_id: uuid.UUID | None = None,
    taxonomy_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
    modified_after: datetime.datetime | None = None,
    minimal: bool = False,
    full: bool = False,
    format: Annotated[str, PydanticField(max_length=10)] = "json",
    municipality_code: Annotated[str, PydanticField(pattern=r"^[0-9]{6}$")] | None = None,
    age: Annotated[int, PydanticField(ge=0, le=MAX_AGE)] | None = None,
) -> dict[str, Any]:
    _open(response)
    if format != "json":
        raise NinjaValidationError(
            [{"loc": ("query", "format"), "msg": "json だけに対応しています。", "type": "enum"}]
        )
    filters = directory.Filters(municipality=municipality_code or "", age=age, text=search)
    qs = directory.search(filters)
    if taxonomy_term_id is not None:
        qs = qs.filter(field_id=taxonomy_term_id)
    if taxonomy_id is not None and str(taxonomy_id) != hsds.FIELD_TAXONOMY_ID:
        qs = qs.none()
    if organization_id is not None:
        ids = [
            pk
            for pk in Organization.objects.values_list("pk", flat=True)
            if hsds.organization_id(pk) == str(organization_id)
        ]
        qs = qs.filter(organization_id__in=ids)
    if modified_after is not None:
        qs = qs.filter(updated_at__gte=modified_after)
    total = qs.count()
    start = (page - 1) * per_page
    rows = list(directory.with_details(qs)[start : start + per_page])
    if minimal:
        items = [
            {"id": str(s.id), "last_modified": hsds.service_summary(s)["last_modified"]}
            for s in rows
        ]
    elif full:
        items = [hsds.service_full(s) for s in rows]
    else:
        items = [hsds.service_summary(s) for s in rows]
    return hsds.page(items, total, page, per_page)


@api.get(
    "/services/{service_id}",
    summary="サービス（関連する情報をすべて含む）",
    url_name="hsds-service",
)
def service(request: HttpRequest, response: HttpResponse, service_id: str) -> dict:
    _open(response)
    pk = parse_id(service_id)
    if pk is None:
        raise Http404
    found = directory.with_details(directory.public_services().filter(pk=pk)).first()
    if found is None:
        raise Http404
    return hsds.service_full(found)
