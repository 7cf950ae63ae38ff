"""/api/v1/: the same access helpers, permission layer and audit as the pages."""

from django.http import HttpRequest
from django.utils import timezone

from tsunagu.accounts.permissions import memberships_for
from tsunagu.people.access import get_case_for_user, get_person_for_user
from tsunagu.people.models import Case
from tsunagu.people.queries import households_of
from tsunagu.people.visibility import field_policy
from tsunagu.tenancy.models import Municipality, Window
from tsunagu.tenancy.scoping import Sensitivity

from .auth import TokenAuth
from .errors import DocumentedErrorsAPI, install_error_handlers
from .schemas import CaseOut, MeOut, MunicipalityOut, PersonOut

api = DocumentedErrorsAPI(
    title="tsunagu API",
    version="1",
    description="ひきこもり支援ネットワーク つなぐ の API。Authorization: Bearer <token>",
    auth=TokenAuth(),
    urls_namespace="api-v1",
    docs_url=None,
)
install_error_handlers(api)

# Each domain app contributes its endpoints as a Router.
api.add_router("/", "tsunagu.intake.api.router")
api.add_router("/", "tsunagu.routing.api.router")
api.add_router("/", "tsunagu.concerns.api.router")
api.add_router("/", "tsunagu.contacts.api.router")
api.add_router("/", "tsunagu.referrals.api.router")
api.add_router("/", "tsunagu.assessments.api.router")
api.add_router("/", "tsunagu.plans.api.router")
api.add_router("/", "tsunagu.consent.api.router")
api.add_router("/", "tsunagu.search.api.router")
api.add_router("/", "tsunagu.people.api.router")
api.add_router("/", "tsunagu.meetings.api.router")
api.add_router("/", "tsunagu.notifications.api.router")
api.add_router("/", "tsunagu.approvals.api.router")
api.add_router("/", "tsunagu.programmes.api.router")
api.add_router("/", "tsunagu.publicity.api.router")


@api.get("/me", response=MeOut, summary="ログイン中の職員")
def me(request: HttpRequest) -> dict:
    user = request.auth
    return {
        "username": user.username,
        "display_name": user.display_name,
        "memberships": [
            {
                "municipality_code": m.municipality.code,
                "municipality_name": m.municipality.name,
                "role": m.role,
                "role_label": str(m.get_role_display()),
            }
            for m in memberships_for(user)
        ],
    }


@api.get("/municipalities", response=list[MunicipalityOut], auth=None, summary="自治体と相談窓口")
def municipalities(request: HttpRequest) -> list[dict]:
    windows = list(Window.objects.filter(is_public=True))
    result = []
    for m in Municipality.objects.all():
        result.append(
            {
                "code": m.code,
                "name": m.name,
                "windows": [w for w in windows if w.municipality_id == m.pk],
            }
        )
    return result


@api.get("/persons/{id:person_id}", response=PersonOut, summary="本人")
def person(request: HttpRequest, person_id: int) -> dict:
    obj = get_person_for_user(request.auth, person_id)
    names = [
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "sex",
        "birth_date",
        "birth_date_precision",
        "phone",
        "address",
        "district",
    ]
    readable = field_policy(request.auth).values(obj, names)
    if "birth_date_precision" in readable:
        readable["birth_display"] = obj.birth_display
    return {
        "id": obj.pk,
        "municipality_code": obj.municipality.code,
        "merged_into_id": obj.merged_into_id,
        **readable,
    }


@api.get("/cases/{id:case_id}", response=CaseOut, summary="ケース")
def case(request: HttpRequest, case_id: int) -> dict:
    obj = get_case_for_user(request.auth, case_id)
    return {
        "id": obj.pk,
        "municipality_code": obj.municipality.code,
        "person_id": obj.person_id,
        "window_id": obj.window_id,
        "window_name": obj.window.name,
        "status": obj.status,
        "status_label": obj.get_status_display(),
        "engagement_stage": obj.engagement_stage,
        "engagement_stage_label": obj.get_engagement_stage_display(),
        "lead_worker": (
            {"id": obj.lead_worker.pk, "display_name": str(obj.lead_worker)}
            if obj.lead_worker
            else None
        ),
        "opened_on": obj.opened_on,
        "closure_reason": obj.closure_reason or None,
        "closed_on": obj.closed_on,
        **field_policy(request.auth).values(obj, ["summary"]),
        **_household_summary(request.auth, obj),
    }


def _household_summary(user, case_obj: Case) -> dict:
    """The person's households (relation, age, living together) and the 8050 flag; the
    members' relation and age are P, so roles that cannot read P get only the flag."""
    households = households_of(user, case_obj.person, timezone.localdate())
    result: dict = {"is_8050": any(h.is_8050 for h in households)}
    if Sensitivity.P in field_policy(user).classes(case_obj):
        result["households"] = [h.summary for h in households]
    return result
