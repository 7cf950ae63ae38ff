"""「ケースワーク設定」: a 自治体管理者 or a supervisor sets the municipality's casework settings
(days without contact before a case is flagged, the 8050 thresholds)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, municipalities_where
from tsunagu.tenancy.models import Municipality

from .casework_settings import LIMITS, settings_for, update_casework_settings
from .models import CaseworkSettings
from .views import add_form_errors


def _number(name: str) -> forms.CharField:
    """A number field: the service checks it (clean_int with LIMITS); the browser hints."""
    low, high = LIMITS[name]
    model_field = CaseworkSettings._meta.get_field(name)
    return forms.CharField(
        label=model_field.verbose_name,
        help_text=model_field.help_text or None,
        required=False,
        widget=forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric"}),
    )


class CaseworkSettingsForm(forms.Form):
    no_contact_days = _number("no_contact_days")
    parent_age_threshold = _number("parent_age_threshold")
    person_age_threshold = _number("person_age_threshold")
    require_living_together = forms.BooleanField(
        label=CaseworkSettings._meta.get_field("require_living_together").verbose_name,
        required=False,
    )

    @classmethod
    def of(cls, current: CaseworkSettings, **kwargs: Any) -> CaseworkSettingsForm:
        initial = {name: getattr(current, name) for name in cls.base_fields}
        return cls(initial=initial, prefix=f"m{current.municipality_id}", **kwargs)


def _municipalities(request: HttpRequest) -> list[Municipality]:
    ids = municipalities_where(request.user, Action.MANAGE_CASEWORK_SETTINGS)
    if not ids:
        raise PermissionDenied
    return list(Municipality.objects.filter(pk__in=ids).order_by("code"))


@login_required
def casework_settings(request: HttpRequest) -> HttpResponse:
    municipalities = _municipalities(request)
    current = settings_for([m.pk for m in municipalities])
    forms_by_id = {m.pk: CaseworkSettingsForm.of(current[m.pk]) for m in municipalities}
    if request.method == "POST":
        code = request.POST.get("municipality", "")
        municipality = next((m for m in municipalities if m.code == code), None)
        if municipality is None:
            raise PermissionDenied
        form = CaseworkSettingsForm.of(current[municipality.pk], data=request.POST)
        forms_by_id[municipality.pk] = form
        if form.is_valid():
            try:
                update_casework_settings(request.user, municipality, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("ケースワーク設定を保存しました。"))
                return redirect("casework-settings")
    sections = [(m, forms_by_id[m.pk]) for m in municipalities]
    return render(request, "people/casework_settings.html", {"sections": sections})
