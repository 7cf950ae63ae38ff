"""`tsunagu create-api-token USERNAME --name NAME [--days N]`: issue an API token and print it."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tsunagu.accounts.models import User
from tsunagu.accounts.tokens import TokenRefusedError, issue_token


class Command(BaseCommand):
    help = (
        "職員にAPIトークンを発行し、トークンだけを標準出力に表示します（再表示はできません）。"
        "ログインできる職員（本番では二要素認証を登録済みの職員）にだけ発行できます。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="トークンの名前・用途（例：集計連携）")
        parser.add_argument(
            "--days",
            type=int,
            help=f"有効期間（日）。既定・最長は TSUNAGU_API_TOKEN_DAYS（現在 "
            f"{settings.TSUNAGU_API_TOKEN_DAYS} 日）",
        )

    def handle(self, *args, username: str, name: str, days: int | None, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"職員「{username}」が見つかりません。")
        try:
            issued = issue_token(user, name, days=days, via="command")
        except TokenRefusedError as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(issued.raw)
