"""`tsunagu worker`: runs background tasks (imports) from the database queue.

A thin wrapper around django-tasks-db's `db_worker` with the same options (`--batch` to stop
when the queue is empty, `--interval`, `--queue-name`, …). Production runs one or more of them
beside the web servers (e.g. a systemd service); `tsunagu demo` starts one itself."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "バックグラウンドの処理（データの取り込みなど）を実行するワーカーを起動します（Ctrl-C で停止）。"
