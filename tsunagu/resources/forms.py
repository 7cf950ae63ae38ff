"""Forms: the public directory's filters, and the staff pages' service and CSV import forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tsunagu.core.validation import clean_phone, clean_postal_code
from tsunagu.core.validation.errors import first_message
from tsunagu.core.validation.forms import TextField, model_formfield
from tsunagu.tenancy.models import Municipality, Organization

from .models import MAX_AGE, Field, Service
from .services import SERVICE_FIELDS, WINDOW_SERVICE_FIELDS, PlaceInput

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class DirectoryFilterForm(forms.Form):
    """GET filters of /resources/ and its map; an invalid value is shown as an error and ignored."""

    q = TextField(label=_("ことばでさがす"), required=False, max_length=100)
    municipality = forms.ChoiceField(label=_("自治体"), required=False)
    field = forms.MultipleChoiceField(
        label=_("分野"), required=False, widget=forms.CheckboxSelectMultiple
    )
    age = forms.IntegerField(
        label=_("ご本人の年齢"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            "invalid": _("年齢は数字で入力してください。"),
            "min_value": _("年齢は0以上で入力してください。"),
            "max_value": _("年齢は%(limit_value)s以下で入力してください。"),
        },
    )
    free = forms.BooleanField(label=_("無料のものだけ"), required=False)

    def __init__(
        self, data: Any, municipalities: list[Municipality], fields: list[tuple[str, str]]
    ) -> None:
        super().__init__(data)
        self.fields["municipality"].choices = [("", _("すべての自治体"))] + [
            (m.code, m.name) for m in municipalities
        ]
        self.fields["field"].choices = fields
        self.fields["age"].widget.attrs.update({"inputmode": "numeric", "class": "input--short"})

    def cleaned(self) -> dict[str, Any]:
        """The valid filters only (a bad age does not empty the list)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}


class ServiceForm(forms.ModelForm):
    """A service with its one place, main phone and schedule text (services.save_service)."""

    phone = TextField(label=_("電話番号"), required=False, max_length=40)
    schedule = TextField(
        label=_("日時（例：毎週水曜 10:00〜15:00）"), required=False, max_length=200
    )
    place_name = TextField(label=_("場所の名称"), required=False, max_length=120)
    postal_code = TextField(label=_("郵便番号"), required=False, max_length=20)
    address_1 = TextField(label=_("町域・番地（市区町村名より後）"), required=False, max_length=200)
    address_2 = TextField(label=_("建物名"), required=False, max_length=100)
    area_label = TextField(
        label=_("地区（所在地を伏せるときに表示）"), required=False, max_length=60
    )
    hide_exact_address = forms.BooleanField(
        label=_("所在地を伏せる（地区名だけを表示し、地図に載せない）"), required=False
    )
    latitude = forms.DecimalField(
        label=_("緯度"), required=False, min_value=-90, max_value=90, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("経度"), required=False, min_value=-180, max_value=180, decimal_places=6
    )

    class Meta:
        model = Service
        fields = list(SERVICE_FIELDS)
        formfield_callback = model_formfield

    def __init__(self, municipality: Municipality, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.filter(municipality=municipality)
        self.fields["organization"].queryset = Organization.objects.filter(
            municipality=municipality
        ).order_by("name")
        if self.instance.window_id:  # the window's own data is edited on the window's page
            for name in list(self.fields):
                if name not in WINDOW_SERVICE_FIELDS and name != "schedule":
                    del self.fields[name]

    def clean_phone(self) -> str:
        try:
            return clean_phone(self.cleaned_data.get("phone", ""))
        except ValidationError as error:
            raise ValidationError(first_message(error)) from None

    def clean_postal_code(self) -> str:
        try:
            return clean_postal_code(self.cleaned_data.get("postal_code", ""))
        except ValidationError as error:
            raise ValidationError(first_message(error)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("上限は下限以上にしてください。"))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("緯度と経度は両方入力してください。"))
        return data

    def _post_clean(self) -> None:  # services.save_service validates the model
        return None

    def place(self) -> PlaceInput | None:
        if "address_1" not in self.fields:
            return None
        d = self.cleaned_data
        return PlaceInput(
            name=d["place_name"],
            postal_code=d["postal_code"],
            address_1=d["address_1"],
            address_2=d["address_2"],
            area_label=d["area_label"],
            hide_exact_address=d["hide_exact_address"],
            latitude=_dec(d.get("latitude")),
            longitude=_dec(d.get("longitude")),
        )


def _dec(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.000001"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV ファイル（UTF-8、1行目は見出し）"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("ファイルが大きすぎます（2MB まで）。"))
        return upload


class FieldForm(forms.ModelForm):
    """A field (分野) of the municipality: name, English name, order."""

    class Meta:
        model = Field
        fields = ["name", "name_en", "description", "order"]
        formfield_callback = model_formfield
