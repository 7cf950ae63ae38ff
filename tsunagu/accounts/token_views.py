"""API token pages: a user's own tokens (issue, revoke) and, for administrators of staff
accounts (Action.MANAGE_USERS), the tokens of their municipality's staff (revoke)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tsunagu.audit.log import record_denied
from tsunagu.core.validation.forms import model_text_field

from .models import ApiToken
from .permissions import Action, municipalities_where, require
from .tokens import (
    TokenRefusedError,
    issue_token,
    revoke_token,
    tokens_managed_by,
    tokens_of,
)


class TokenForm(forms.Form):
    name = model_text_field(
        ApiToken,
        "name",
        help_text=gettext_lazy("どのプログラム・連携に使うかが分かる名前（例：集計連携）"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        longest = settings.TSUNAGU_API_TOKEN_DAYS
        self.fields["days"] = forms.IntegerField(
            label=_("有効期間（日）"),
            min_value=1,
            max_value=longest,
            initial=longest,
            help_text=_("1日から%(days)s日まで。期限が来ると使えなくなります。")
            % {"days": longest},
            error_messages={
                "min_value": _("有効期間は1日以上にしてください。"),
                "max_value": _("有効期間は%(days)s日以内にしてください。") % {"days": longest},
            },
        )


@login_required
def my_tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens. A POST issues one; its value is shown on this response only."""
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = issue_token(
                request.user, form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except TokenRefusedError as refused:
            form.add_error(None, str(refused))
        else:
            form = TokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": tokens_of(request.user),
            "manages_users": bool(municipalities_where(request.user, Action.MANAGE_USERS)),
        },
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def revoke_my_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id, user=request.user).select_related("user").first()
    if token is None:
        record_denied(ApiToken, token_id)
        raise Http404
    if revoke_token(token, via="page"):
        messages.success(
            request, _("APIトークン「%(name)s」を失効させました。") % {"name": token.name}
        )
    return redirect("api-tokens")


def _managed_ids(request: HttpRequest) -> list[int]:
    ids = municipalities_where(request.user, Action.MANAGE_USERS)
    if not ids:
        require(request.user, Action.MANAGE_USERS)  # 403
    return ids


@login_required
def managed_tokens(request: HttpRequest) -> HttpResponse:
    _managed_ids(request)
    tokens = list(tokens_managed_by(request.user).order_by("user__username", "-created_at", "-pk"))
    return render(request, "accounts/api_tokens_managed.html", {"tokens": tokens})


@require_POST
@login_required
def revoke_managed_token(request: HttpRequest, token_id: int) -> HttpResponse:
    _managed_ids(request)
    token = tokens_managed_by(request.user).filter(pk=token_id).first()
    if token is None:
        record_denied(ApiToken, token_id)
        raise Http404
    if revoke_token(token, via="admin"):
        messages.success(
            request,
            _("%(user)s さんのAPIトークン「%(name)s」を失効させました。")
            % {"user": token.user, "name": token.name},
        )
    return redirect("api-tokens-managed")
