"""`tsunagu programmes-daily`: keep every programme's sessions materialised HORIZON_DAYS ahead
and end waiting-list offers past their time, offering the places on (run daily from cron or a
systemd timer; the roster page also ends expired offers of its programme when opened)."""

from typing import Any

from django.core.management.base import BaseCommand

from tsunagu.programmes.schedules import HORIZON_DAYS, materialise_all
from tsunagu.programmes.services import expire_offers


class Command(BaseCommand):
    help = "プログラムの開催回を先まで作り、回答期限を過ぎた空き枠のご案内を次の方へ移します。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = materialise_all()
        expired = expire_offers()
        self.stdout.write(
            f"開催回: 作成 {len(result.created)}・中止 {len(result.cancelled)}"
            f"（{HORIZON_DAYS}日先まで）／ご案内の期限切れ: {expired}件"
        )
