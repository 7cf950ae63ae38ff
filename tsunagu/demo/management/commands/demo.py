"""`tsunagu demo`: a ready-to-try demo site on one machine.

Prepares the data directory, migrates, collects static files, loads the demo data, prints the
URLs and the demo accounts, then serves with gunicorn (gthread workers) until Ctrl-C / SIGTERM.
Demo mode lets the demo accounts in without two-factor authentication; it is never for real data.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tsunagu.accounts.roles import Role
from tsunagu.audit.checkpoints import witness_path, write_checkpoints
from tsunagu.demo.data_staff import DEMO_PASSWORD
from tsunagu.demo.guard import refuse_production_settings
from tsunagu.demo.listing import demo_memberships
from tsunagu.demo.loader import load_demo


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _browser_host(host: str) -> str:
    if host in ("", "0.0.0.0"):  # noqa: S104 (only used to print a URL)
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Run gunicorn in this process until it is told to stop (SIGINT/SIGTERM)."""
    from gunicorn.app.base import BaseApplication

    from tsunagu.navigator.logging import ACCESS_LOG_FORMAT

    class DemoServer(BaseApplication):
        def __init__(self, options: dict[str, Any]):
            self.options = options
            super().__init__()

        def load_config(self) -> None:
            for key, value in self.options.items():
                if key in self.cfg.settings:  # newer settings are skipped on older gunicorn
                    self.cfg.set(key, value)

        def load(self) -> Any:
            from tsunagu.wsgi import application

            return application

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    DemoServer(
        {
            "bind": [bind],
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            # no query strings: the navigator's answers travel in them (tsunagu.navigator.logging)
            "access_log_format": ACCESS_LOG_FORMAT,
            "errorlog": "-",
            "preload_app": True,
            "graceful_timeout": 5,
            "proc_name": "tsunagu-demo",
            "control_socket_disable": True,  # gunicorn ≥ 24 would write ~/.gunicorn/…
        }
    ).run()


def start_worker() -> subprocess.Popen:
    """`tsunagu worker` as a child process with this process's environment (demo mode, data
    directory, database)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tsunagu.cli", "worker", "--interval", "1"],
        env={**os.environ, "TSUNAGU_DEMO_MODE": "1"},
    )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


class Command(BaseCommand):
    help = (
        "デモサイトを起動します：データディレクトリの準備、migrate、collectstatic、デモデータの"
        "読み込みの後、gunicorn で配信します（Ctrl-C で停止）。実データには絶対に使わないでください。"
    )
    requires_system_checks = []  # migrate below runs the checks

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--data-dir",
            help="データベース・静的ファイルを置くディレクトリ（tsunagu コマンドが設定読み込み前に"
            "TSUNAGU_DATA_DIR として適用します）",
        )
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="準備と表示だけ行い、サーバーは起動しません（テスト用）",
        )

    def handle(
        self,
        *args,
        host: str,
        port: int,
        data_dir: str | None,
        workers: int,
        threads: int,
        no_serve: bool,
        **options,
    ) -> None:
        refuse_production_settings("デモを起動できません")
        if workers < 1 or threads < 1:
            raise CommandError("--workers と --threads は1以上にしてください。")

        settings_dir = Path(settings.DATA_DIR).resolve()
        if data_dir and Path(data_dir).resolve() != settings_dir:
            self.stderr.write(
                f"注意：--data-dir は `tsunagu demo` として起動したときだけ設定に反映されます。"
                f"このプロセスは {settings_dir} を使います。"
            )
        settings_dir.mkdir(parents=True, exist_ok=True)
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)

        self.stdout.write(f"データディレクトリ：{settings_dir}")
        self.stdout.write("データベースを準備しています（migrate）…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"静的ファイルを集めています（collectstatic → {settings.STATIC_ROOT}）…")
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("デモデータを読み込んでいます（load-demo）…")
        report = load_demo()
        self.stdout.write(
            f"デモデータ：作成 {report.created} 件・更新 {report.updated} 件・"
            f"削除 {report.deleted} 件"
        )
        # The demo is its own "every few minutes" timer: one checkpoint of the audit chains.
        written = write_checkpoints()
        self.stdout.write(
            f"監査ログのチェックポイント：{len(written)} 件（証人ファイル {witness_path()}）"
        )

        base = f"http://{_browser_host(host)}:{port}"
        self.stdout.write("")
        self.stdout.write(f"公開サイト：      {base}/")
        self.stdout.write(f"職員ログイン：    {base}/accounts/login/")
        self.stdout.write("")
        self.stdout.write(f"デモアカウント（パスワードはすべて {DEMO_PASSWORD}）：")
        rows = [("ユーザー名", "役割", "自治体", "所属")]
        for m in demo_memberships():
            place = m.window or m.organization
            rows.append(
                (
                    m.user.username,
                    str(Role(m.role).label),
                    m.municipality.name,
                    str(place) if place else "—",
                )
            )
        for line in _table(rows):
            self.stdout.write("  " + line)
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(
                "警告：デモモードでは、これらのデモアカウントは二要素認証なしでログインできます。"
                "デモは架空のデータを試すためのものです。実在の方の情報は絶対に入力しないでください。"
            )
        )

        if no_serve:
            return

        # Workers fork from this process: they inherit the changed settings and environment.
        os.environ["TSUNAGU_DEMO_MODE"] = "1"
        settings.TSUNAGU_DEMO_MODE = True
        if host in ("", "0.0.0.0", "::"):  # noqa: S104
            self.stdout.write(
                "他の端末から開くときは、その端末で使うホスト名を環境変数 ALLOWED_HOSTS に"
                "加えてください。"
            )
        elif host.strip("[]") not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, host.strip("[]")]
        connections.close_all()  # never share a database connection with forked workers
        self.stdout.write(f"{base}/ で配信します。Ctrl-C で停止します。")
        self.stdout.flush()
        self.stderr.flush()
        sys.stdout.flush()
        sys.stderr.flush()

        master = os.getpid()
        # One background worker (imports) beside the web server, stopped with it.
        worker = start_worker()
        self.stdout.write(f"バックグラウンドのワーカーを起動しました（pid {worker.pid}）。")
        try:
            serve(host, port, workers, threads)
        except SystemExit as exc:
            if os.getpid() != master:
                raise  # a gunicorn worker leaving: not ours to handle
            if exc.code not in (0, None):
                raise CommandError(
                    f"サーバーが異常終了しました（終了コード {exc.code}）。"
                ) from None
        finally:
            if os.getpid() == master:
                stop_worker(worker)
        self.stdout.write("デモサーバーを停止しました。")
