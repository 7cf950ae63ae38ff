"""`tsunagu revoke-api-token (--id ID | --user USERNAME --all)`: revoke API tokens."""

from django.core.management.base import BaseCommand, CommandError

from tsunagu.accounts.models import ApiToken, User
from tsunagu.accounts.tokens import revoke_all_for_user, revoke_token


class Command(BaseCommand):
    help = (
        "APIトークンを失効させます。--id でトークン1つを、--user USERNAME --all でその職員の"
        "有効なトークンすべてを失効させます。"
    )

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--id", type=int, dest="token_id", help="トークンの番号（ID）")
        which.add_argument("--user", dest="username", help="職員のユーザー名（--all と一緒に）")
        parser.add_argument(
            "--all",
            action="store_true",
            dest="revoke_all",
            help="その職員の有効なトークンをすべて失効させる",
        )

    def handle(
        self, *args, token_id: int | None, username: str | None, revoke_all: bool, **options
    ) -> None:
        if token_id is not None:
            if revoke_all:
                raise CommandError("--all は --user と一緒に使ってください。")
            token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
            if token is None:
                raise CommandError(f"APIトークン {token_id} が見つかりません。")
            if revoke_token(token, via="command"):
                self.stdout.write(f"APIトークン {token_id}（{token.name}）を失効させました。")
            else:
                self.stdout.write(f"APIトークン {token_id} はすでに失効しています。")
            return
        if not revoke_all:
            raise CommandError("--user では --all も指定してください（トークン1つなら --id）。")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"職員「{username}」が見つかりません。")
        count = revoke_all_for_user(user, via="command")
        self.stdout.write(f"{username} のAPIトークン {count} 件を失効させました。")
