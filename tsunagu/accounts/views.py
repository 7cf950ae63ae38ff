from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .sessions import end_all_sessions


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    end_all_sessions(request.user)
    logout(request)
    messages.success(request, "すべての端末からログアウトしました。")
    return redirect("account_login")
