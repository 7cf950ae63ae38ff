"""Forms of the import pages (checks in services.save_mapping / start_check)."""

from __future__ import annotations

from django import forms

from tsunagu.tenancy.models import Window

from .fields import fields_of
from .models import Kind


class MappingForm(forms.Form):
    name = forms.CharField(
        label="取り込み元の名前", max_length=100, help_text="例：kintone 相談台帳、Excel 支援記録"
    )
    default_window = forms.ModelChoiceField(
        label="既定の担当窓口",
        queryset=Window.objects.none(),
        required=False,
        help_text="窓口の列がない行は、この窓口のケースとして取り込みます（本人だけを取り込むときは空欄）。",
    )

    def __init__(self, *args, kind: str, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["default_window"].queryset = Window.objects.filter(
            municipality_id=municipality_id
        ).order_by("name")
        for field in fields_of(kind):
            self.fields[f"col_{field.name}"] = forms.CharField(
                label=field.label,
                max_length=100,
                required=False,
                help_text="ファイルの見出し（1行目）の列名。使わない項目は空欄。",
            )

    def column_fields(self):
        return [self[f"col_{f.name}"] for f in fields_of(self.kind)]

    def columns(self) -> dict[str, str]:
        return {f.name: self.cleaned_data.get(f"col_{f.name}", "") for f in fields_of(self.kind)}


class KindForm(forms.Form):
    kind = forms.ChoiceField(label="取り込む記録", choices=Kind.choices)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="ファイル",
        help_text="Excel（.xlsx）または CSV（UTF-8、Shift_JIS）。1行目は見出しにしてください。",
    )


class RunForm(forms.Form):
    import_duplicates = forms.BooleanField(
        label="重複の可能性がある行も新しい本人として取り込む",
        required=False,
        help_text="選ばなければ、重複の候補がある行は取り込みません（その本人の記録を確かめてから、必要なら手で入力してください）。",
    )
