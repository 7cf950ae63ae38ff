"""Staff pages of flyer placements: the list with the placements due for replenishment first,
and adding or editing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, require
from tsunagu.programmes.forms import add_service_errors
from tsunagu.tenancy.models import Municipality

from . import services
from .access import (
    announcements_for,
    get_placement_for_user,
    placement_municipalities,
    placements_for,
)
from .forms import PlacementForm
from .models import FlyerPlacement

FIELDS = ("place_kind", "place_name", "count", "placed_on", "replenish_on", "note")


@login_required
def placement_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_ANNOUNCEMENTS)
    placements = placements_for(request.user)
    today = timezone.localdate()
    return render(
        request,
        "publicity/placement_list.html",
        {
            "due": list(services.due_for_replenishment(placements, today)),
            "placements": list(placements.order_by("place_kind", "place_name")[:500]),
            "today": today,
        },
    )


@login_required
def placement_edit(request: HttpRequest, placement_id: int | None = None) -> HttpResponse:
    user = request.user
    require(user, Action.MANAGE_ANNOUNCEMENTS)
    placement = get_placement_for_user(user, placement_id) if placement_id else None
    where = placement_municipalities(user)
    municipalities = [
        (m.pk, m.name) for m in Municipality.objects.filter(pk__in=where).order_by("code")
    ]
    initial = None
    if placement is not None:
        initial = {name: getattr(placement, name) for name in FIELDS}
        initial |= {
            "municipality": placement.municipality_id,
            "announcement": placement.announcement,
        }
    form = PlacementForm(
        request.POST or None,
        initial=initial,
        municipalities=municipalities,
        announcements=announcements_for(user).order_by("-publish_from"),
    )
    if request.method == "POST" and form.is_valid():
        target = placement or FlyerPlacement()
        for name in FIELDS:
            setattr(target, name, form.cleaned_data[name])
        target.municipality_id = form.cleaned_data["municipality"]
        target.announcement = form.cleaned_data["announcement"]
        try:
            services.save_placement(target)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("保存しました。"))
            return redirect("placement-list")
    return render(request, "publicity/placement_form.html", {"form": form, "placement": placement})
