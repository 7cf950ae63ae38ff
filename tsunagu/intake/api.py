"""/api/v1/ endpoints of this app (a django-ninja Router, mounted in tsunagu/api/views.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tsunagu.accounts.permissions import Action, require
from tsunagu.api.errors import ErrorOut
from tsunagu.concerns.services import get_report_for_triage
from tsunagu.core.validation import invalid
from tsunagu.core.validation.schema import (
    IdIn,
    JsonObjectIn,
    ModelTextIn,
    MunicipalityCodeIn,
    TextIn,
)
from tsunagu.routing.models import RoutingDecision
from tsunagu.tenancy.models import Municipality, Window

from . import services
from .access import get_intake_for_user
from .models import FormVersion, Intake
from .next_step import routing_suggestions

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
    concern_report_id: IdIn | None = Field(
        None,
        description="民生委員からの連絡の id。連絡の内容で回答を埋めてひもづけます"
        "（answers が優先）。1つの連絡から作れる受付は1件です（2件目は 422）。",
    )


class IntakeOut(Schema):
    id: int
    number: str = Field(..., description="受付番号（年度-連番）", examples=["2026-0001"])
    status: str = Field(..., description="draft（下書き）または submitted（受付済み）")
    window_id: int = Field(..., description="担当（受付）窓口の id")
    person_id: int | None = Field(None, description="ひもづいた本人の id")
    case_id: int | None = Field(None, description="開始したケースの id")
    concern_report_id: int | None = Field(None, description="もとになった民生委員からの連絡の id")


class RouteIn(Schema):
    window_id: IdIn = Field(..., description="担当窓口の id（その自治体の窓口）")
    reason: ModelTextIn(RoutingDecision, "reason") = Field(
        "", description="提案と異なる窓口にする理由"
    )


class RoutedOut(Schema):
    window_id: int
    window_name: str = Field(..., description="振り分け先の窓口名")
    visible: bool = Field(..., description="振り分けた後も呼び出した職員がこの受付を見られるか")


class NewPersonIn(Schema):
    confirmed_new: bool = Field(
        False, description="重複の候補のいずれも本人ではないことの確認（候補があるときは必須）"
    )


class LinkIn(Schema):
    person_id: IdIn = Field(..., description="ひもづける本人の id")
    apply: list[TextIn(20)] = Field(
        default_factory=list,
        max_length=60,
        description="受付の内容で本人の記録を更新する項目（district、sex、birth、member-0 など）",
    )


def _out(intake: Intake) -> dict:
    return {
        "id": intake.pk,
        "number": intake.number,
        "status": intake.status,
        "window_id": intake.window_id,
        "person_id": intake.person_id,
        "case_id": intake.case_id,
        "concern_report_id": intake.concern_report_id,
    }


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
    report = None
    if payload.concern_report_id is not None:
        report = get_report_for_triage(user, payload.concern_report_id)  # 404 outside scope
    intake = services.create_intake(
        user,
        municipality,
        window=window,
        answers=payload.answers,
        form_version=version,
        submit=payload.submit,
        concern_report=report,
    )
    return Status(201, _out(intake))


@router.post(
    "/intakes/{id:intake_id}/route",
    response={200: RoutedOut, 404: ErrorOut},
    summary="担当窓口を決める（振り分け）",
    description="提案と異なる窓口には理由が必要です（422）。本人の登録・ひもづけの前に必要です。"
    "振り分け後に呼び出した職員から見えなくなる場合は visible=false（窓口名のみを返します）。",
)
def route_intake(request: HttpRequest, intake_id: int, payload: RouteIn) -> dict:
    user = request.auth
    intake = get_intake_for_user(user, intake_id, audit=False)
    window = Window.objects.filter(pk=payload.window_id, municipality=intake.municipality).first()
    if window is None:
        raise invalid("window_id", "この自治体の窓口を選んでください。")
    suggestions = routing_suggestions(intake)
    services.route_intake(
        user,
        intake,
        window,
        reason=payload.reason,
        suggestion=suggestions[0] if suggestions else None,
    )
    visible = Intake.objects.visible_to(user, Action.CREATE_INTAKE).filter(pk=intake.pk).exists()
    return {"window_id": window.pk, "window_name": window.name, "visible": visible}


@router.post(
    "/intakes/{id:intake_id}/person",
    response={201: IntakeOut, 404: ErrorOut},
    summary="新しい人として登録（本人とケース）",
    description="受付の回答（氏名・性別・生年月日または年齢・住所・地区・電話・家族構成）から本人と"
    "世帯員を登録し、決めた担当窓口でケースを開始します。担当窓口が未決定、または重複の候補が"
    "あるのに confirmed_new がない場合は 422。",
)
def create_person(request: HttpRequest, intake_id: int, payload: NewPersonIn) -> Status:
    user = request.auth
    intake = get_intake_for_user(user, intake_id, audit=False)
    intake = services.create_person_for_intake(user, intake, confirmed_new=payload.confirmed_new)
    return Status(201, _out(intake))


@router.post(
    "/intakes/{id:intake_id}/link",
    response={201: IntakeOut, 404: ErrorOut},
    summary="既存の本人にひもづける",
    description="apply に挙げた項目だけ、受付の内容で本人の記録を更新し（同じトランザクション）、"
    "決めた担当窓口でケースを開始します。担当窓口が未決定なら 422。",
)
def link_person(request: HttpRequest, intake_id: int, payload: LinkIn) -> Status:
    from tsunagu.people.access import get_person_for_user

    user = request.auth
    intake = get_intake_for_user(user, intake_id, audit=False)
    person = get_person_for_user(user, payload.person_id)
    intake = services.link_person(user, intake, person, apply=payload.apply)
    return Status(201, _out(intake))
