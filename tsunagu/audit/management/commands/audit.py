from django.core.management.base import BaseCommand, CommandError

from tsunagu.audit.verify import verify_chain


class Command(BaseCommand):
    help = "監査ログの操作。verify: ハッシュチェーンを検証し、改ざん・挿入・削除を検出します。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("subcommand", choices=["verify"])

    def handle(self, *args, subcommand: str, **options) -> None:
        checked, problems = verify_chain()
        for problem in problems:
            self.stderr.write(f"#{problem.event_id}: {problem.message}")
        if problems:
            rows = "、".join(f"#{p.event_id}" for p in problems[:20])
            raise CommandError(
                f"監査ログの検証に失敗しました：{checked} 行中 {len(problems)} 件の問題（{rows}）。"
                f"{problems[0].message}"
            )
        self.stdout.write(f"監査ログは正常です（{checked} 行を検証）。")
