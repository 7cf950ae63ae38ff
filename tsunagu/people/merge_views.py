"""Merging person records (スーパーバイザー): choose two → preview → merge; undo on the record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.permissions import Action, can
from tsunagu.audit.log import record_list

from . import services
from .access import get_merge_for_user, get_person_for_user
from .forms import MergeChooseForm, MergeConfirmForm, UndoMergeForm
from .models import PersonMerge
from .views import add_form_errors


def _require_merger(request: HttpRequest) -> None:
    if not can(request.user, Action.MERGE_PERSONS):
        raise PermissionDenied(_("この操作を行う権限がありません。"))


@login_required
def merge_start(request: HttpRequest) -> HttpResponse:
    """GET ?keep_id=&absorb_id= shows the preview; POST (with a reason) merges."""
    _require_merger(request)
    posted = request.method == "POST"
    data = request.POST if posted else (request.GET if "keep_id" in request.GET else None)
    form = (MergeConfirmForm if posted else MergeChooseForm)(data)
    context: dict[str, object] = {"form": form}
    if data is not None and form.is_valid():
        try:
            keep = get_person_for_user(request.user, form.cleaned_data["keep_id"])
            absorb = get_person_for_user(request.user, form.cleaned_data["absorb_id"])
        except Http404:
            form.add_error(None, _("指定した番号の本人記録が見つかりません。"))
        else:
            context.update(keep=keep, absorb=absorb)
            try:
                if posted:
                    merge = services.merge_persons(
                        request.user, keep, absorb, reason=form.cleaned_data["reason"]
                    )
                    messages.success(request, _("記録を統合しました。"))
                    return redirect("person-merge-detail", merge.pk)
                context["plan"] = services.preview_merge(request.user, keep, absorb)
                context["confirm_form"] = MergeConfirmForm(
                    initial={"keep_id": keep.pk, "absorb_id": absorb.pk}
                )
            except ValidationError as error:
                add_form_errors(form, error)
    recent = (
        PersonMerge.objects.visible_to(request.user, Action.MERGE_PERSONS)
        .select_related("kept", "absorbed", "merged_by")
        .order_by("-merged_at", "-pk")[:20]
    )
    context["recent"] = list(recent)
    record_list(PersonMerge, context["recent"], page="merge_recent")
    return render(request, "people/merge_start.html", context)


@login_required
def merge_detail(request: HttpRequest, merge_id: int) -> HttpResponse:
    merge = get_merge_for_user(request.user, merge_id)
    return render(
        request, "people/merge_detail.html", {"merge": merge, "undo_form": UndoMergeForm()}
    )


@login_required
@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    merge = get_merge_for_user(request.user, merge_id)
    form = UndoMergeForm(request.POST)
    if form.is_valid():
        try:
            services.undo_merge(request.user, merge, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("統合を取り消しました。"))
            return redirect("person-merge-detail", merge.pk)
    return render(request, "people/merge_detail.html", {"merge": merge, "undo_form": form})
