"""Ending an access grant from the case page (the granting window's staff, supervisors)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import grants
from .views import add_form_errors


class EndGrantForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("終了する理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("終了する理由を入力してください。")},
    )


@login_required
def grant_end(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = grants.get_grant_for_user(request.user, grant_id)
    form = EndGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grants.end_grant(request.user, grant, form.cleaned_data["reason"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("アクセス権を終了しました。"))
            return redirect("case-detail", case_id=grant.case_id)
    return render(request, "people/grants/end.html", {"grant": grant, "form": form})
