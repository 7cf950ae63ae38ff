"""`tsunagu setup-db-roles --owner NAME --app NAME`: the PostgreSQL roles of a deployment."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction

from tsunagu.audit.db_roles import RoleSetupError, setup_script, setup_sql


class Command(BaseCommand):
    help = (
        "PostgreSQL の所有者ロール（migrate 用）と、何も所有せず監査ログには追記しかできない"
        "アプリケーションロールを設定します。スーパーユーザーの DATABASE_URL で実行します"
        "（何度実行しても同じ結果になります。migrate のたびに実行してください）。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--owner", required=True, help="所有者ロール（migrate を実行）")
        parser.add_argument("--app", required=True, help="アプリケーションロール（gunicorn）")
        parser.add_argument("--owner-password", help="所有者ロールのパスワード（任意）")
        parser.add_argument("--app-password", help="アプリケーションロールのパスワード（任意）")
        parser.add_argument(
            "--print",
            action="store_true",
            dest="print_only",
            help="実行せず、SQL を表示します（psql で確認・実行できます）",
        )

    def handle(self, *args, owner: str, app: str, print_only: bool, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "setup-db-roles は PostgreSQL 用です（DATABASE_URL に PostgreSQL を指定してください）。"
            )
        names = {
            "database": connection.settings_dict["NAME"],
            "owner": owner,
            "app": app,
            "owner_password": options.get("owner_password"),
            "app_password": options.get("app_password"),
        }
        try:
            sql = setup_sql(**names)
        except RoleSetupError as error:
            raise CommandError(str(error)) from error
        if print_only:
            self.stdout.write(setup_script(**names), ending="")
            return
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
        except DatabaseError as error:
            raise CommandError(f"ロールの設定に失敗しました：{error}") from error
        self.stdout.write(
            f"ロールを設定しました：所有者 {owner}（migrate 用）、アプリケーション {app}"
            "（監査ログは SELECT と INSERT のみ）。"
        )
