"""「役割の設定」: a 自治体管理者 switches the optional actions of roles on or off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.tenancy.models import Municipality

from .permissions import Action, municipalities_where
from .role_settings import role_options, set_role_options


def _municipalities(request: HttpRequest) -> list[Municipality]:
    ids = municipalities_where(request.user, Action.MANAGE_USERS)
    if not ids:
        raise PermissionDenied
    return list(Municipality.objects.filter(pk__in=ids).order_by("code"))


@login_required
def role_settings(request: HttpRequest) -> HttpResponse:
    sections = [(m, role_options(m)) for m in _municipalities(request)]
    return render(request, "accounts/role_settings.html", {"sections": sections})


@login_required
@require_POST
def role_settings_save(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("municipality", "")
    municipality = next((m for m in _municipalities(request) if m.code == code), None)
    if municipality is None:
        raise PermissionDenied
    role = request.POST.get("role", "")
    try:
        set_role_options(request.user, municipality, role, request.POST.getlist("actions"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("役割の設定を保存しました。"))
    return redirect("role-settings")
