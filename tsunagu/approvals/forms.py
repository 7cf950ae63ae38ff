from django import forms

from tsunagu.core.validation.forms import model_text_field

from .models import ApprovalRequest


class DecisionForm(forms.Form):
    comment = model_text_field(
        ApprovalRequest,
        "comment",
        required=False,
        label="コメント",
        help_text="差し戻すときは、直してほしい点を書いてください（必須）。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
