"""/api/v1/ endpoints of this app (a django-ninja Router, mounted in tsunagu/api/views.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tsunagu.accounts.permissions import Action, require
from tsunagu.api.errors import ErrorOut
from tsunagu.core.validation.schema import IdIn, JsonObjectIn, MunicipalityCodeIn
from tsunagu.tenancy.models import Municipality, Window

from . import services
from .models import FormVersion

router = Router(tags=["intake"])


class IntakeIn(Schema):
    municipality_code: MunicipalityCodeIn = Field(..., description="地方公共団体コード（6桁）")
    window_id: IdIn = Field(..., description="受付窓口の id（その自治体の窓口）")
    form_version_id: IdIn | None = Field(
        None, description="受付票の版の id。省略時はその自治体の既定の受付票の最新公開版"
    )
    answers: JsonObjectIn = Field(
        default_factory=dict, description="項目キー → 回答（日付は ISO または和暦の文字列）"
    )
    submit: bool = Field(
        False, description="true なら受付を完了（必須項目を検証）、false なら下書き"
    )


class IntakeOut(Schema):
    id: int
    number: str = Field(..., description="受付番号（年度-連番）", examples=["2026-0001"])
    status: str = Field(..., description="draft（下書き）または submitted（受付済み）")


@router.post(
    "/intakes",
    response={201: IntakeOut, 404: ErrorOut},
    summary="受付の登録",
    description="受付票の回答を、その版の定義で検証して登録します（誤りは 422、"
    "loc は body と項目キー）。CREATE_INTAKE の権限が必要です（ない場合 403）。"
    "他の自治体の窓口は 404。",
)
def create_intake(request: HttpRequest, payload: IntakeIn) -> Status:
    user = request.auth
    municipality = Municipality.objects.filter(code=payload.municipality_code).first()
    if municipality is None:
        return Status(404, {"detail": "自治体が見つかりません。"})
    try:
        require(user, Action.CREATE_INTAKE, municipality)
    except PermissionDenied as denied:
        raise PermissionDenied("この自治体で受付を登録する権限がありません。") from denied
    window = Window.objects.filter(pk=payload.window_id, municipality=municipality).first()
    if window is None:
        return Status(404, {"detail": "窓口が見つかりません。"})
    version = None
    if payload.form_version_id is not None:
        version = (
            FormVersion.objects.select_related("definition")
            .filter(
                pk=payload.form_version_id,
                definition__municipality=municipality,
                status=FormVersion.Status.PUBLISHED,
            )
            .first()
        )
        if version is None:
            return Status(404, {"detail": "受付票の版が見つかりません。"})
    intake = services.create_intake(
        user,
        municipality,
        window=window,
        answers=payload.answers,
        form_version=version,
        submit=payload.submit,
    )
    return Status(201, {"id": intake.pk, "number": intake.number, "status": intake.status})
