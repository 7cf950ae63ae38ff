"""Staff administration pages for a 自治体管理者 (Action.MANAGE_USERS): the municipality's staff,
invite, change a membership, deactivate, reset two-factor. Views are thin: staff_admin holds
the rules; a membership of another municipality answers 404 (audited as denied)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.audit.log import record_denied

from . import staff_admin
from .models import Membership
from .permissions import Action, municipalities_where, require
from .staff_forms import InviteForm, MembershipForm, add_errors


def _managed(request: HttpRequest) -> list[int]:
    ids = municipalities_where(request.user, Action.MANAGE_USERS)
    if not ids:
        require(request.user, Action.MANAGE_USERS)  # 403
    return ids


def _membership(request: HttpRequest, membership_id: int) -> Membership:
    _managed(request)
    try:
        return staff_admin.managed_membership(request.user, membership_id)
    except staff_admin.StaffNotFoundError:
        record_denied(Membership, membership_id)
        raise Http404 from None


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _managed(request)
    enrolled = Authenticator.objects.filter(user_id=OuterRef("user_id"))
    memberships = (
        staff_admin.memberships_managed_by(request.user)
        .annotate(has_two_factor=Exists(enrolled))
        .order_by("municipality__code", "-is_active", "user__display_name_kana", "user__username")
    )
    return render(request, "accounts/staff_list.html", {"memberships": memberships})


@login_required
def staff_invite(request: HttpRequest) -> HttpResponse:
    ids = _managed(request)
    form = InviteForm(ids, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = staff_admin.invite_staff(
                request.user,
                data["municipality"],
                username=data["username"],
                display_name=data["display_name"],
                display_name_kana=data["display_name_kana"],
                email=data["email"],
                role=data["role"],
                window=data["window"],
                organization=data["organization"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return render(
                request,
                "accounts/staff_invited.html",
                {
                    "invitation": invitation,
                    "link": request.build_absolute_uri(invitation.link),
                },
            )
    return render(
        request,
        "accounts/staff_invite.html",
        {"form": form},
        status=422 if form.errors else 200,
    )


@login_required
def staff_member(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership(request, membership_id)
    initial = {
        "role": membership.role,
        "window": membership.window_id,
        "organization": membership.organization_id,
    }
    form = MembershipForm([membership.municipality_id], request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            staff_admin.change_membership(request.user, membership, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("所属・役割を変更しました。"))
            return redirect("staff-member", membership_id=membership.pk)
    others = Membership.objects.filter(user_id=membership.user_id).exclude(pk=membership.pk)
    return render(
        request,
        "accounts/staff_member.html",
        {
            "membership": membership,
            "form": form,
            "has_two_factor": Authenticator.objects.filter(user_id=membership.user_id).exists(),
            "awaits_password": not membership.user.has_usable_password(),
            "other_count": others.count(),
        },
        status=422 if form.errors else 200,
    )


def _act(request: HttpRequest, membership_id: int, act: str) -> HttpResponse:
    membership = _membership(request, membership_id)
    name = membership.user
    try:
        if act == "deactivate":
            staff_admin.deactivate_member(request.user, membership)
            messages.success(request, _("%(name)s さんを無効にしました。") % {"name": name})
        elif act == "reactivate":
            staff_admin.reactivate_member(request.user, membership)
            messages.success(request, _("%(name)s さんを有効に戻しました。") % {"name": name})
        else:
            staff_admin.reset_two_factor(request.user, membership)
            messages.success(
                request,
                _("%(name)s さんの二要素認証を解除しました。次のログインで登録し直します。")
                % {"name": name},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("staff-member", membership_id=membership.pk)


@require_POST
@login_required
def staff_deactivate(request: HttpRequest, membership_id: int) -> HttpResponse:
    return _act(request, membership_id, "deactivate")


@require_POST
@login_required
def staff_reactivate(request: HttpRequest, membership_id: int) -> HttpResponse:
    return _act(request, membership_id, "reactivate")


@require_POST
@login_required
def staff_reset_two_factor(request: HttpRequest, membership_id: int) -> HttpResponse:
    return _act(request, membership_id, "reset_two_factor")


@require_POST
@login_required
def staff_new_link(request: HttpRequest, membership_id: int) -> HttpResponse:
    """A new set-password link for an invited member who has not used the first one."""
    membership = _membership(request, membership_id)
    try:
        link = staff_admin.new_set_password_link(request.user, membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff-member", membership_id=membership.pk)
    invitation = staff_admin.Invitation(membership.user, membership, link)
    return render(
        request,
        "accounts/staff_invited.html",
        {"invitation": invitation, "link": request.build_absolute_uri(link), "again": True},
    )
