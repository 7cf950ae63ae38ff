from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .sessions import end_all_sessions
from .tokens import revoke_all_for_user


@require_POST
@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of the user, this one included (ASVS V7.4, V14.3.1), and revoke the
    user's API tokens: "log out everywhere" includes the programs holding a token."""
    user = request.user
    end_all_sessions(user, actor=user)
    revoked = revoke_all_for_user(user, via="logout_all")
    logout(request)
    if revoked:
        messages.success(
            request, f"すべての端末からログアウトし、APIトークン {revoked} 件を失効させました。"
        )
    else:
        messages.success(request, "すべての端末からログアウトしました。")
    response = redirect("account_login")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response
