"""The request for approval of a version (assessment or support plan): one view for both."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, can

from .approval import approval_context, submit_version
from .versioning import CaseVersion


def submit(
    request: HttpRequest, version: CaseVersion, *, kind: str, action: str, detail_url: str
) -> HttpResponse:
    """POST: ask for approval of this version, then back to its page with what happened."""
    try:
        submit_version(
            request.user, version, kind=kind, action=action, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("承認を依頼しました。監督者の判断を待っています。"))
    return redirect(detail_url)


def approval_part(
    request: HttpRequest,
    version: CaseVersion,
    *,
    edit_action: str,
    view_action: str,
    submit_url: str,
) -> dict:
    """The context of the page's approval part (assessments/_approval.html): one query."""
    user = request.user
    context = approval_context(user, version, view_action)
    context["submit_url"] = submit_url
    context["may_submit"] = version.is_editable and can(user, edit_action, version.municipality_id)
    context["may_decide"] = can(user, Action.APPROVE, version.municipality_id)
    return context
