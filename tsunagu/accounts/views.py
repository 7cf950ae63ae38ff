from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .sessions import end_all_sessions


@require_POST
@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of the user, this one included (ASVS V7.4, V14.3.1)."""
    user = request.user
    end_all_sessions(user, actor=user)
    logout(request)
    messages.success(request, "すべての端末からログアウトしました。")
    response = redirect("account_login")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response
