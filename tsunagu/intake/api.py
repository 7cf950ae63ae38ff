"""/api/v1/ endpoints of this app (a django-ninja Router, mounted in tsunagu/api/views.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tsunagu.accounts.permissions import Action, require
from tsunagu.tenancy.models import Municipality, Window

from . import services
from .models import FormVersion

router = Router(tags=["intake"])


class IntakeIn(Schema):
    municipality_code: str = Field(
        ..., description="地方公共団体コード（6桁）", examples=["132012"]
    )
    window_id: int = Field(..., description="受付窓口の id（その自治体の窓口）")
    form_version_id: int | None = Field(
        None, description="受付票の版の id。省略時はその自治体の既定の受付票の最新公開版"
    )
    answers: dict[str, Any] = Field(
        default_factory=dict, description="項目キー → 回答（日付は ISO または和暦の文字列）"
    )
    submit: bool = Field(
        False, description="true なら受付を完了（必須項目を検証）、false なら下書き"
    )


class IntakeOut(Schema):
    id: int
    number: str = Field(..., description="受付番号（年度-連番）", examples=["2026-0001"])
    status: str = Field(..., description="draft（下書き）または submitted（受付済み）")


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict, description="項目キー → エラー")


@router.post(
    "/intakes",
    response={201: IntakeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="受付の登録",
    description="受付票の回答を、その版の定義で検証して登録します。"
    "CREATE_INTAKE の権限が必要です。他の自治体の窓口は 404。",
)
def create_intake(request: HttpRequest, payload: IntakeIn) -> Status:
    user = request.auth
    municipality = Municipality.objects.filter(code=payload.municipality_code).first()
    if municipality is None:
        return Status(404, {"detail": "自治体が見つかりません。"})
    try:
        require(user, Action.CREATE_INTAKE, municipality)
    except PermissionDenied:
        return Status(403, {"detail": "この自治体で受付を登録する権限がありません。"})
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
    try:
        intake = services.create_intake(
            user,
            municipality,
            window=window,
            answers=payload.answers,
            form_version=version,
            submit=payload.submit,
        )
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return Status(400, {"detail": "回答に誤りがあります。", "errors": errors})
    return Status(201, {"id": intake.pk, "number": intake.number, "status": intake.status})
