"""The routing rule editor (自治体管理者) with a 「この設定で試す」 form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import Action, municipalities_where, require
from tsunagu.audit.log import record_denied
from tsunagu.tenancy.access import require_in_municipality
from tsunagu.tenancy.models import Municipality

from .forms import RuleForm, TryForm
from .models import RoutingRule
from .services import delete_rule, save_rule, suggest_windows


def _municipality(request: HttpRequest, code: str) -> Municipality:
    """A municipality the user belongs to (else 404), which they may edit (else 403)."""
    municipality = get_object_or_404(Municipality, code=code)
    require_in_municipality(
        request.user, Action.MANAGE_ROUTING, municipality.pk, model=Municipality, pk=code
    )
    return municipality


def _rule(request: HttpRequest, rule_id: int) -> RoutingRule:
    """A rule of a municipality the user manages; any other rule is 404."""
    rule = (
        RoutingRule.objects.select_related("municipality", "window")
        .filter(
            pk=rule_id,
            municipality_id__in=municipalities_where(request.user, Action.MANAGE_ROUTING),
        )
        .first()
    )
    if rule is None:
        record_denied(RoutingRule, rule_id)
        raise Http404
    return rule


@login_required
def index(request: HttpRequest) -> HttpResponse:
    ids = municipalities_where(request.user, Action.MANAGE_ROUTING)
    if not ids:
        require(request.user, Action.MANAGE_ROUTING)  # 403
    municipalities = list(Municipality.objects.filter(pk__in=ids))
    if len(municipalities) == 1:
        return redirect("routing-rules", municipality_code=municipalities[0].code)
    return render(request, "routing/index.html", {"municipalities": municipalities})


@login_required
def rule_list(request: HttpRequest, municipality_code: str) -> HttpResponse:
    municipality = _municipality(request, municipality_code)
    rules = list(
        RoutingRule.objects.filter(municipality=municipality)
        .select_related("window")
        .order_by("priority", "pk")
    )
    try_form = TryForm(request.GET if "try" in request.GET else None)
    suggestions = None
    if try_form.is_bound and try_form.is_valid():
        data = try_form.cleaned_data
        suggestions = suggest_windows(
            municipality,
            age=data["age"],
            district=data["district"],
            topics=data["topics"],
            rules=[r for r in rules if r.is_active],
        )
    return render(
        request,
        "routing/rule_list.html",
        {
            "municipality": municipality,
            "rules": rules,
            "try_form": try_form,
            "suggestions": suggestions,
        },
    )


@login_required
def rule_create(request: HttpRequest, municipality_code: str) -> HttpResponse:
    municipality = _municipality(request, municipality_code)
    form = RuleForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        save_rule(request.user, form.save(commit=False))
        messages.success(request, _("振り分けルールを追加しました。"))
        return redirect("routing-rules", municipality_code=municipality.code)
    return render(request, "routing/rule_form.html", {"municipality": municipality, "form": form})


@login_required
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = _rule(request, rule_id)
    municipality = rule.municipality
    form = RuleForm(request.POST or None, instance=rule, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        save_rule(request.user, form.save(commit=False))
        messages.success(request, _("振り分けルールを更新しました。"))
        return redirect("routing-rules", municipality_code=municipality.code)
    return render(
        request,
        "routing/rule_form.html",
        {"municipality": municipality, "form": form, "rule": rule},
    )


@login_required
def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = _rule(request, rule_id)
    municipality = rule.municipality
    if request.method == "POST":
        delete_rule(request.user, rule)
        messages.success(request, _("振り分けルールを削除しました。"))
        return redirect("routing-rules", municipality_code=municipality.code)
    return render(
        request, "routing/rule_confirm_delete.html", {"municipality": municipality, "rule": rule}
    )
