"""Checking the chains: edited, inserted, reordered or deleted rows, a cut-off tail, a re-chained
log, and forged checkpoints.

Each chain (one per municipality, one for events without a municipality) is walked in seq order:
seq must run 1, 2, 3 …, each row must name the previous row's hash, and each row's keyed hash
must match its content. Then the chain is compared with every correctly signed checkpoint, from
the database and from the witness file: the row at a checkpoint's seq must have the checkpointed
hash, and no checkpoint may lie beyond the chain's head.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from .checkpoints import (
    Checkpoint,
    chains_in_log,
    stored_checkpoints,
    witness_checkpoints,
    witness_path,
)
from .models import GENESIS_HASH, AuditEvent


@dataclass
class Problem:
    chain: str
    message: str
    seq: int | None = None
    event_id: int | None = None

    def __str__(self) -> str:
        where = self.chain
        if self.seq is not None:
            where += f" 第{self.seq}行"
            if self.event_id is not None:
                where += f"（ID {self.event_id}）"
        return f"{where}：{self.message}"


@dataclass
class ChainReport:
    municipality_id: int | None
    label: str
    rows: int = 0
    head_seq: int = 0
    checkpoint_seq: int = 0  # the newest checkpoint the chain was compared with
    problems: list[Problem] = field(default_factory=list)
    bad_hashes: int = 0


@dataclass
class Report:
    chains: list[ChainReport]
    problems: list[Problem]  # all problems, the chains' and the checkpoints' own
    warnings: list[str]

    @property
    def rows(self) -> int:
        return sum(c.rows for c in self.chains)

    def key_mismatch_suspected(self) -> bool:
        """Every row failed its keyed hash: more likely the wrong key than tampering."""
        return self.rows > 0 and sum(c.bad_hashes for c in self.chains) == self.rows


def _shown(at: str) -> str:
    """A checkpoint's time as staff read it (Asia/Tokyo); as written when it is no time."""
    try:
        return timezone.localtime(datetime.datetime.fromisoformat(at)).strftime("%Y-%m-%d %H:%M:%S")
    except (ValueError, TypeError):
        return at


def chain_label(municipality_id: int | None) -> str:
    from tsunagu.tenancy.models import Municipality

    if municipality_id is None:
        return "システムの連鎖（自治体なし）"
    found = Municipality.objects.filter(pk=municipality_id).values("name", "code").first()
    if found is None:
        return f"自治体ID {municipality_id} の連鎖"
    return f"{found['name']}（{found['code']}）の連鎖"


def verify(municipality_id: int | None = None, *, only: bool = False) -> Report:
    """Verify every chain, or with only=True just the chain of `municipality_id` (None: the
    system chain)."""
    problems: list[Problem] = []
    warnings: list[str] = []
    signed: dict[int | None, list[Checkpoint]] = defaultdict(list)
    stored = list(stored_checkpoints())
    witnessed, unreadable = witness_checkpoints()
    if stored and not witnessed:
        warnings.append(
            f"証人ファイル {witness_path()} にこのデータベースのチェックポイントがありません"
            "（TSUNAGU_AUDIT_WITNESS_FILE の設定を確認してください）。"
        )
    for source in unreadable:
        problems.append(Problem("証人ファイル", f"{source} を読み取れません（書き換えの疑い）。"))
    for checkpoint in stored + witnessed:
        if only and checkpoint.municipality_id != municipality_id:
            continue
        if checkpoint.is_signed():
            signed[checkpoint.municipality_id].append(checkpoint)
        else:
            problems.append(
                Problem(
                    chain_label(checkpoint.municipality_id),
                    f"{checkpoint.source} の署名が一致しません（チェックポイント偽造の疑い）。",
                    checkpoint.seq,
                )
            )
    if only:
        chains: set[int | None] = {municipality_id}
    else:
        chains = chains_in_log() | set(signed)
    reports = [
        _verify_chain(c, signed.get(c, []))
        for c in sorted(chains, key=lambda c: (c is not None, c or 0))
    ]
    for report in reports:
        problems.extend(report.problems)
    return Report(reports, problems, warnings)


def _verify_chain(municipality_id: int | None, checkpoints: list[Checkpoint]) -> ChainReport:
    label = chain_label(municipality_id)
    report = ChainReport(municipality_id, label)
    problems = report.problems
    expected_at: dict[int, list[Checkpoint]] = defaultdict(list)
    for checkpoint in checkpoints:
        expected_at[checkpoint.seq].append(checkpoint)
    expected_prev = GENESIS_HASH
    expected_seq = 1
    rows = AuditEvent.objects.in_chain(municipality_id).order_by("seq", "id")
    for event in rows.iterator(chunk_size=5000):
        report.rows += 1
        here = {"seq": event.seq, "event_id": event.pk}
        if event.seq > expected_seq:
            gap = f"第{expected_seq}行" + (
                f"〜第{event.seq - 1}行" if event.seq - 1 > expected_seq else ""
            )
            problems.append(Problem(label, f"{gap}が欠落しています（削除の疑い）。", **here))
        elif event.seq < expected_seq:
            problems.append(Problem(label, "連番が重複・逆転しています（挿入の疑い）。", **here))
        if event.prev_hash != expected_prev:
            problems.append(
                Problem(label, "直前の行とのつながりが一致しません（挿入・削除の疑い）。", **here)
            )
        if event.compute_hash() != event.hash:
            report.bad_hashes += 1
            problems.append(
                Problem(label, "内容が鍵つきハッシュと一致しません（改ざんの疑い）。", **here)
            )
        for checkpoint in expected_at.get(event.seq, ()):
            if checkpoint.head_hash != event.hash:
                problems.append(
                    Problem(
                        label,
                        f"{checkpoint.source}（{_shown(checkpoint.at)}）に記録されたハッシュと一致しません"
                        "（この行以前の書き換え・作り直しの疑い）。",
                        **here,
                    )
                )
        expected_prev = event.hash
        expected_seq = max(expected_seq, event.seq) + 1
        report.head_seq = max(report.head_seq, event.seq)
    beyond = [c for c in checkpoints if c.seq > report.head_seq]
    if beyond:
        furthest = max(beyond, key=lambda c: c.seq)
        problems.append(
            Problem(
                label,
                f"末尾の行が削除されています：{furthest.source}（{_shown(furthest.at)}）では第{furthest.seq}行"
                f"まであったのに、現在は第{report.head_seq}行までしかありません。",
            )
        )
    covered = [c.seq for c in checkpoints if c.seq <= report.head_seq]
    report.checkpoint_seq = max(covered, default=0)
    return report
