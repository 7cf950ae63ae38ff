"""`tsunagu load-demo`: load (or refresh) the demo municipalities, windows, staff and cases."""

from django.core.management.base import BaseCommand

from tsunagu.demo.guard import refuse_production_settings
from tsunagu.demo.loader import load_demo


class Command(BaseCommand):
    help = "デモ用の自治体・相談窓口・関係機関・デモアカウント・架空の相談記録を読み込みます（何度実行しても重複しません）。"

    def handle(self, *args, **options) -> None:
        refuse_production_settings("デモデータを読み込めません")
        report = load_demo()
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            f"デモデータ：作成 {report.created} 件・更新 {report.updated} 件・削除 {report.deleted} 件"
        )
