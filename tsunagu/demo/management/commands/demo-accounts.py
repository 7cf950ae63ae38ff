"""`tsunagu demo-accounts`: the demo accounts, one membership per line (tab-separated)."""

from django.core.management.base import BaseCommand

from tsunagu.demo.listing import demo_memberships


class Command(BaseCommand):
    help = "デモアカウントを「ユーザー名<TAB>役割<TAB>自治体コード」の形で1所属1行ずつ出力します。"

    def handle(self, *args, **options) -> None:
        for m in demo_memberships():
            self.stdout.write(f"{m.user.username}\t{m.role}\t{m.municipality.code}")
