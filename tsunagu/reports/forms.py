"""The report choice: which report, where (a municipality or one of its windows; a prefecture
for the analysts' view), and when (a 年度 or any date range, 和暦 or 西暦)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tsunagu.core.validation.date_fields import WarekiDateField
from tsunagu.jp.wareki import fiscal_year, format_fiscal_year
from tsunagu.tenancy.models import Municipality, Prefecture, Window

from .definitions import REGISTRY
from .periods import Period

CHOICE_ERRORS = {"invalid_choice": "選べない値です。一覧から選んでください。"}
YEARS_BACK = 10


def fiscal_year_choices(today: datetime.date) -> list[tuple[str, str]]:
    current = fiscal_year(today)
    return [
        (str(y), format_fiscal_year(y, "with_seireki"))
        for y in range(current, current - YEARS_BACK - 1, -1)
    ]


class _PeriodForm(forms.Form):
    report = forms.ChoiceField(label="報告", error_messages=CHOICE_ERRORS)
    fiscal_year = forms.ChoiceField(label="年度", required=False, error_messages=CHOICE_ERRORS)
    start = WarekiDateField(label="開始日（期間を指定するとき）", required=False)
    end = WarekiDateField(label="終了日", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["report"].choices = [(k, r.title) for k, r in REGISTRY.items()]
        self.fields["fiscal_year"].choices = fiscal_year_choices(today)
        self.fields["report"].initial = "annual"
        self.fields["fiscal_year"].initial = str(fiscal_year(today))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if self.errors:
            return data
        try:
            if start or end:
                if not (start and end):
                    raise ValidationError(
                        "期間で集計するときは開始日と終了日の両方を入力してください。"
                    )
                data["period"] = Period(start, end)
            else:
                year = data.get("fiscal_year") or str(fiscal_year(timezone.localdate()))
                data["period"] = Period.fiscal_year(int(year))
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        data["definition"] = REGISTRY[data["report"]]
        return data


class ReportForm(_PeriodForm):
    """A municipality's (or one window's) report, for the roles with the full counts."""

    municipality = forms.ChoiceField(label="自治体", error_messages=CHOICE_ERRORS)
    window = forms.ChoiceField(label="窓口", required=False, error_messages=CHOICE_ERRORS)

    field_order = ["report", "municipality", "window", "fiscal_year", "start", "end"]

    def __init__(self, *args: Any, municipality_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities = Municipality.objects.filter(pk__in=municipality_ids).order_by("code")
        self.fields["municipality"].choices = [(str(m.pk), m.name) for m in municipalities]
        windows = Window.objects.filter(municipality_id__in=municipality_ids).order_by(
            "municipality__code", "name"
        )
        self.windows = {str(w.pk): w for w in windows}
        self.fields["window"].choices = [("", "すべての窓口")] + [
            (key, f"{w.name}" if len(municipality_ids) == 1 else f"{w.municipality.name} {w.name}")
            for key, w in self.windows.items()
        ]
        self.municipalities = {str(m.pk): m for m in municipalities}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        data["municipality_obj"] = self.municipalities[data["municipality"]]
        window = self.windows.get(data.get("window") or "")
        if window is not None and window.municipality_id != data["municipality_obj"].pk:
            raise ValidationError("選んだ自治体の窓口を選んでください。")
        data["window_obj"] = window
        return data


class PrefectureForm(_PeriodForm):
    """The prefecture-wide view across the municipalities the analyst belongs to."""

    prefecture = forms.ChoiceField(label="都道府県", error_messages=CHOICE_ERRORS)

    field_order = ["report", "prefecture", "fiscal_year", "start", "end"]

    def __init__(self, *args: Any, municipality_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities = list(
            Municipality.objects.filter(pk__in=municipality_ids)
            .select_related("prefecture")
            .order_by("code")
        )
        prefectures: dict[str, Prefecture] = {}
        for m in municipalities:
            prefectures.setdefault(str(m.prefecture_id), m.prefecture)
        self.prefectures = prefectures
        self.municipalities = municipalities
        self.fields["prefecture"].choices = [(k, p.name) for k, p in prefectures.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        prefecture = self.prefectures[data["prefecture"]]
        data["prefecture_obj"] = prefecture
        data["municipality_list"] = [
            (m.pk, m.name) for m in self.municipalities if m.prefecture_id == prefecture.pk
        ]
        return data
