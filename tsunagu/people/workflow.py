"""Case status transitions, held as data (what the case page offers and the services enforce)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Case, ClosureReason

S = Case.Status

# from → the statuses it may move to, in the order the case page shows them.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.RECEIVED: (S.ASSESSMENT, S.SUPPORT, S.CLOSED),
    S.ASSESSMENT: (S.SUPPORT, S.WATCHING, S.CLOSED),
    S.SUPPORT: (S.ASSESSMENT, S.WATCHING, S.CLOSED),
    S.WATCHING: (S.SUPPORT, S.CLOSED),
    S.CLOSED: (S.SUPPORT,),  # 再開 (reopen)
}
# Transitions that need a written reason.
REASON_REQUIRED: frozenset[tuple[str, str]] = frozenset({(S.CLOSED, S.SUPPORT)})
# Closure reasons that need a written explanation.
CLOSURE_REASON_NEEDS_TEXT: frozenset[str] = frozenset({ClosureReason.OTHER})


def allowed_next(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def is_reopen(from_status: str, to_status: str) -> bool:
    return from_status == S.CLOSED and to_status != S.CLOSED


def check_transition(
    from_status: str, to_status: str, *, reason: str = "", closure_reason: str | None = None
) -> None:
    """Raise ValidationError (Japanese messages) unless this change is allowed as given."""
    labels = dict(S.choices)
    if to_status not in labels:
        raise ValidationError(_("不明な状況です。"), code="unknown_status")
    if to_status not in allowed_next(from_status):
        raise ValidationError(
            _("「%(from)s」から「%(to)s」には変更できません。")
            % {"from": labels.get(from_status, from_status), "to": labels[to_status]},
            code="invalid_transition",
        )
    if (from_status, to_status) in REASON_REQUIRED and not reason.strip():
        raise ValidationError(
            {"reason": _("終結したケースを再開するには理由を入力してください。")},
            code="reason_required",
        )
    if to_status == S.CLOSED:
        if not closure_reason:
            raise ValidationError(
                {"closure_reason": _("終結理由を選んでください。")}, code="closure_reason_required"
            )
        if closure_reason not in ClosureReason.values:
            raise ValidationError({"closure_reason": _("終結理由が正しくありません。")})
        if closure_reason in CLOSURE_REASON_NEEDS_TEXT and not reason.strip():
            raise ValidationError(
                {"reason": _("終結理由が「その他」のときは理由を入力してください。")},
                code="reason_required",
            )
    elif closure_reason:
        raise ValidationError(
            {"closure_reason": _("終結理由は終結するときだけ選べます。")},
            code="closure_reason_unexpected",
        )
