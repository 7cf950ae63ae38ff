"""Staff pages of announcements: list, write/edit a draft, the page of one announcement with
what each channel sends and its delivery status, publish, withdraw. Flyer placements:
views_placements.py. Every view starts with an access helper; the rules are the services'."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.permissions import Action, require
from tsunagu.programmes.forms import add_service_errors

from . import services
from .access import announcements_for, get_announcement_for_user
from .authoring import announcement_form, author_choices, save_from_form
from .channels import line, x
from .models import Announcement, Channel, Status


@login_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_ANNOUNCEMENTS)
    rows = list(announcements_for(request.user).order_by("-publish_from", "-pk")[:200])
    return render(request, "publicity/announcement_list.html", {"announcements": rows})


@login_required
def announcement_edit(request: HttpRequest, announcement_id: int | None = None) -> HttpResponse:
    user = request.user
    require(user, Action.MANAGE_ANNOUNCEMENTS)
    announcement = get_announcement_for_user(user, announcement_id) if announcement_id else None
    if announcement is not None and announcement.status != Status.DRAFT:
        messages.error(request, _("公開した・取り下げたお知らせは編集できません。"))
        return redirect("announcement-detail", announcement.pk)
    authors = author_choices(user)
    if not authors:
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    initial = None
    if announcement is not None:
        initial = {
            name: getattr(announcement, name)
            for name in "title body easy_summary audience programme session publish_from "
            "expire_at image_alt".split()
        }
        initial["author"] = (
            f"window:{announcement.window_id}"
            if announcement.window_id
            else f"org:{announcement.organization_id}"
        )
    form = announcement_form(user, request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        target = announcement or Announcement()
        try:
            save_from_form(target, form.cleaned_data, user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("下書きを保存しました。"))
            return redirect("announcement-detail", target.pk)
    return render(
        request,
        "publicity/announcement_form.html",
        {"form": form, "announcement": announcement},
    )


@login_required
def announcement_detail(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = get_announcement_for_user(request.user, announcement_id)
    deliveries = services.deliveries_of(announcement)
    rendered = (
        {d.channel: d.payload for d in deliveries} if deliveries else services.preview(announcement)
    )
    line_payload = rendered[Channel.LINE]
    x_payload = rendered[Channel.X]
    return render(
        request,
        "publicity/announcement_detail.html",
        {
            "announcement": announcement,
            "deliveries": deliveries,
            "rendered": rendered,
            "line_payload": line_payload,
            "line_json": json.dumps(line_payload["body"], ensure_ascii=False, indent=2),
            "x_payload": x_payload,
            "line_configured": line.channel_settings(announcement.municipality.code) is not None,
            "x_configured": x.account(announcement.municipality.code) is not None,
            "x_limit": x.LIMIT,
            "is_draft": announcement.status == Status.DRAFT,
            "may_withdraw": announcement.status == Status.PUBLISHED,
        },
    )


@login_required
@require_POST
def announcement_publish(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = get_announcement_for_user(request.user, announcement_id)
    try:
        services.publish(announcement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("公開しました。各チャネルへの配信を予約しました。"))
    return redirect("announcement-detail", announcement.pk)


@login_required
@require_POST
def announcement_withdraw(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = get_announcement_for_user(request.user, announcement_id)
    try:
        services.withdraw(announcement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("取り下げました。公開ページ・フィード・サイネージから外れました。")
        )
    return redirect("announcement-detail", announcement.pk)
