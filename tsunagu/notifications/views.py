"""The staff's own notifications: the list, opening one (marks it read, then goes to its
object) and marking all read. Opening and marking are POSTs: a prefetch or a link preview
never marks anything read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import services
from .models import Notification

PER_PAGE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = services.notifications_for(request.user).select_related(None)
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "notifications": page.object_list},
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        notification = services.get_own(request.user, notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None
    services.mark_read(request.user, notification)
    if notification.url and services.is_local_url(notification.url):
        return redirect(notification.url)
    return redirect("notification-list")


@login_required
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    messages.success(request, f"{count} 件のお知らせを既読にしました。")
    return redirect(reverse("notification-list"))
