"""`tsunagu create-api-token USERNAME [--name NAME]`: issue an API token and print it."""

from django.core.management.base import BaseCommand, CommandError

from tsunagu.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "職員にAPIトークンを発行し、トークンだけを標準出力に表示します（再表示はできません）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="トークンの用途（例：集計連携）")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"有効な職員「{username}」が見つかりません。")
        _token, raw = ApiToken.issue(user, name=name)
        self.stdout.write(raw)
