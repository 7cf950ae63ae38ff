"""`tsunagu audit verify [--municipality CODE]` and `tsunagu audit checkpoint`."""

from django.core.management.base import BaseCommand, CommandError

from tsunagu.audit.checkpoints import witness_path, write_checkpoints
from tsunagu.audit.verify import chain_label, verify


class Command(BaseCommand):
    help = (
        "監査ログの操作。verify: 自治体ごとの連鎖を鍵つきハッシュとチェックポイントで検証し、"
        "改ざん・挿入・削除・末尾の削除を検出します（問題があれば終了コード 1）。"
        "checkpoint: 各連鎖の先頭を署名つきで記録します（データベースと証人ファイル）。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("subcommand", choices=["verify", "checkpoint"])
        parser.add_argument(
            "--municipality",
            metavar="CODE",
            help="verify: この自治体（地方公共団体コード）の連鎖だけを検証します",
        )

    def handle(self, *args, subcommand: str, municipality: str | None, **options) -> None:
        if subcommand == "checkpoint":
            self._checkpoint()
        else:
            self._verify(municipality)

    def _checkpoint(self) -> None:
        try:
            written = write_checkpoints()
        except OSError as error:
            raise CommandError(
                f"証人ファイル {witness_path()} に書き込めません：{error.strerror}"
            ) from error
        for c in written:
            self.stdout.write(f"{chain_label(c.municipality_id)}：第{c.seq}行 {c.head_hash[:16]}…")
        self.stdout.write(
            f"チェックポイントを {len(written)} 件記録しました（証人ファイル：{witness_path()}）。"
        )

    def _verify(self, code: str | None) -> None:
        if code is None:
            report = verify()
        else:
            from tsunagu.tenancy.models import Municipality

            found = Municipality.objects.filter(code=code.strip()).values_list("pk", flat=True)
            if not found:
                raise CommandError(f"地方公共団体コード「{code}」の自治体が見つかりません。")
            report = verify(found[0], only=True)
        for warning in report.warnings:
            self.stderr.write(f"注意：{warning}")
        for chain in report.chains:
            checked = (
                f"、チェックポイント 第{chain.checkpoint_seq}行まで照合"
                if chain.checkpoint_seq
                else ""
            )
            status = "問題あり" if chain.problems else "正常"
            self.stdout.write(f"{chain.label}：{chain.rows} 行{checked} … {status}")
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.problems:
            hint = (
                " すべての行が一致しないため、TSUNAGU_AUDIT_KEY が書き込み時と同じ鍵か確認して"
                "ください。"
                if report.key_mismatch_suspected()
                else ""
            )
            raise CommandError(
                f"監査ログの検証に失敗しました：{report.rows} 行中 {len(report.problems)} 件の問題。"
                f"最初の問題：{report.problems[0]}{hint}"
            )
        self.stdout.write(
            f"監査ログは正常です（{len(report.chains)} 本の連鎖、{report.rows} 行を検証）。"
        )
