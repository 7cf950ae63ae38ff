"""予約の設定 (/staff/bookings/rules/): a municipality's administrators (MANAGE_WINDOWS, as for
the windows themselves) set what each window, or one of its counsellors, offers for booking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tsunagu.accounts.permissions import Action, municipalities_where, require, users_who_may
from tsunagu.audit.log import record_denied
from tsunagu.tenancy.access import require_in_municipality
from tsunagu.tenancy.models import Window

from .models import AvailabilityRule, Mode
from .rules import hours_text, overrides_text, parse_hours, parse_overrides, save_rule

A = Action.MANAGE_WINDOWS


class RuleForm(forms.ModelForm):
    modes = forms.MultipleChoiceField(
        label="相談のしかた", choices=Mode.choices, widget=forms.CheckboxSelectMultiple
    )
    meeting_url = forms.URLField(label="オンライン相談のURL", required=False, assume_scheme="https")
    hours = forms.CharField(
        label="毎週の時間",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="1行に1つ。例：「火 10:00-12:00」。祝日・年末年始は下の設定のとおり休みます。",
    )
    overrides = forms.CharField(
        label="日付ごとの休み・相談会",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "1行に1つ。休み「2026-12-29 休み」、臨時・土曜の相談会「2026-12-12 10:00-16:00」、"
            "出張個別相談会「2026-12-12 10:00-16:00 @ 公民館」。祝日・年末年始でも開きます。"
        ),
    )

    class Meta:
        model = AvailabilityRule
        fields = [
            "window",
            "counsellor",
            "name",
            "description",
            "modes",
            "meeting_url",
            "slot_minutes",
            "buffer_minutes",
            "min_notice_hours",
            "horizon_days",
            "capacity",
            "cancel_cutoff_hours",
            "reminder_hours",
            "closed_on_holidays",
            "closed_year_end",
            "is_active",
        ]

    def __init__(self, *args: Any, municipality_ids: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = Window.objects.filter(municipality_id__in=municipality_ids)
        counsellors = users_who_may(Action.VIEW_BOOKINGS, municipality_ids[0]).none()
        for municipality_id in municipality_ids:
            counsellors |= users_who_may(Action.VIEW_BOOKINGS, municipality_id)
        self.fields["counsellor"].queryset = counsellors
        if self.instance.pk:
            self.initial["hours"] = hours_text(self.instance)
            self.initial["overrides"] = overrides_text(self.instance)

    def clean_hours(self) -> list:
        return parse_hours(self.cleaned_data.get("hours") or "")

    def clean_overrides(self) -> list:
        return parse_overrides(self.cleaned_data.get("overrides") or "")

    def clean(self) -> dict:
        cleaned = super().clean()
        if Mode.ONLINE in (cleaned.get("modes") or []) and not cleaned.get("meeting_url"):
            self.add_error("meeting_url", "オンラインで受けるときは、URLを入力してください。")
        return cleaned


def _managed(request: HttpRequest) -> list[int]:
    require(request.user, A)
    return municipalities_where(request.user, A)


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    managed = _managed(request)
    rules = AvailabilityRule.objects.filter(window__municipality_id__in=managed).select_related(
        "window", "window__municipality"
    )
    return render(request, "booking/rule_list.html", {"rules": rules})


def _rule_page(request: HttpRequest, rule: AvailabilityRule | None) -> HttpResponse:
    managed = _managed(request)
    instance = rule or AvailabilityRule()
    form = RuleForm(request.POST or None, instance=instance, municipality_ids=managed)
    if request.method == "POST" and form.is_valid():
        try:
            save_rule(
                form.save(commit=False), form.cleaned_data["hours"], form.cleaned_data["overrides"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "予約の設定を保存しました。")
            return redirect("staff-booking-rules")
    return render(request, "booking/rule_form.html", {"form": form, "rule": rule})


@login_required
def rule_new(request: HttpRequest) -> HttpResponse:
    return _rule_page(request, None)


@login_required
def rule_edit(request: HttpRequest, availability_rule_id: int) -> HttpResponse:
    rule = (
        AvailabilityRule.objects.select_related("window")
        .prefetch_related("hours", "overrides")
        .filter(pk=availability_rule_id)
        .first()
    )
    if rule is None:
        record_denied(AvailabilityRule, availability_rule_id)
        raise Http404
    require_in_municipality(
        request.user, A, rule.window.municipality_id, model=AvailabilityRule, pk=rule.pk
    )
    return _rule_page(request, rule)
