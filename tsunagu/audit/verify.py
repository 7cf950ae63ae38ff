"""Checking the hash chain: detects edited, inserted, reordered or deleted rows."""

from dataclasses import dataclass

from .models import GENESIS_HASH, AuditEvent


@dataclass
class Problem:
    event_id: int
    message: str


def verify_chain(batch_size: int = 5000) -> tuple[int, list[Problem]]:
    """Walk the whole log in id order. Returns (rows checked, problems)."""
    problems: list[Problem] = []
    expected_prev = GENESIS_HASH
    expected_id = 1
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        checked += 1
        if event.pk != expected_id:
            problems.append(
                Problem(
                    event.pk, f"ID {expected_id}〜{event.pk - 1} が欠落しています（削除の疑い）。"
                )
            )
        if event.prev_hash != expected_prev:
            problems.append(
                Problem(event.pk, "直前の行とのつながりが一致しません（挿入・削除の疑い）。")
            )
        if event.compute_hash() != event.hash:
            problems.append(Problem(event.pk, "内容がハッシュと一致しません（改ざんの疑い）。"))
        expected_prev = event.hash
        expected_id = event.pk + 1
    return checked, problems
