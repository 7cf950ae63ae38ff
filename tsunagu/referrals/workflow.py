"""The referral's state machine: which status may follow which, and who moves it.

    送付 ─┬→ 受理 ─┬→ 対応中 ─→ 完了
          │        └────────────→ 完了
          ├→ 不受理（理由が必要）
          └→ 取消（送った側、理由が必要; 受理・対応中からも）

The receiving organisation answers (受理, 対応中, 完了, 不受理); the sending side cancels (取消).
完了, 不受理 and 取消 end the referral, and with it the shared view (its access grant).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ENDED, Status

RECEIVER = "receiver"
SENDER = "sender"

# status → {next status: who moves it there}
TRANSITIONS: dict[str, dict[str, str]] = {
    Status.SENT: {
        Status.ACCEPTED: RECEIVER,
        Status.REFUSED: RECEIVER,
        Status.CANCELLED: SENDER,
    },
    Status.ACCEPTED: {
        Status.IN_PROGRESS: RECEIVER,
        Status.COMPLETED: RECEIVER,
        Status.CANCELLED: SENDER,
    },
    Status.IN_PROGRESS: {
        Status.COMPLETED: RECEIVER,
        Status.CANCELLED: SENDER,
    },
    Status.COMPLETED: {},
    Status.REFUSED: {},
    Status.CANCELLED: {},
}
# Statuses whose change needs a reason.
REASON_REQUIRED = {Status.REFUSED, Status.CANCELLED}
# The receiver's answers, in the order the forms offer them.
ANSWERS = (Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED, Status.REFUSED)
# Feedback is sent once the referral is taken up (a refusal carries its reason instead).
FEEDBACK_STATUSES = (Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED)


def next_statuses(status: str, side: str) -> list[str]:
    """The statuses this side may move a referral in `status` to."""
    return [to for to, who in TRANSITIONS.get(status, {}).items() if who == side]


def check_transition(status: str, to: str, side: str) -> None:
    """Raise a ValidationError (Japanese) unless `side` may move `status` to `to`."""
    labels = dict(Status.choices)
    if to not in labels:
        raise ValidationError({"status": _("状態を選択肢から選んでください。")})
    if TRANSITIONS.get(status, {}).get(to) != side:
        if status in ENDED:
            message = _("このおつなぎは「%(from)s」で終了しています。状態は変更できません。")
        else:
            message = _("「%(from)s」のおつなぎを「%(to)s」にすることはできません。")
        raise ValidationError(
            {"status": message % {"from": labels[status], "to": labels[to]}},
            code="invalid_transition",
        )
