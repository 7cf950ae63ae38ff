"""The one-time page where an invited staff member sets a password (link made by
staff_admin.set_password_path). Django's password-reset tokens: the link stops working once
the password is set or the member logs in. Two-factor enrolment follows at the first login
(RequireMFAMiddleware)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tsunagu.audit.log import record_denied

from .models import User


def _user_for(uidb64: str, token: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    if not 0 < pk < 2**63:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@never_cache
def set_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = _user_for(uidb64, token)
    if user is None:
        record_denied("accounts.user", "", reason="bad_enrolment_link")
        return render(request, "account/set_password_invalid.html", status=404)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _(
                "パスワードを設定しました。ログインして、二要素認証（認証アプリ）を登録してください。"
            ),
        )
        return redirect("account_login")
    return render(
        request,
        "account/set_password.html",
        {"form": form, "staff_user": user},
        status=422 if form.errors else 200,
    )
