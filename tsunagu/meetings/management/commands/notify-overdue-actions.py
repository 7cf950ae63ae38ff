"""`tsunagu notify-overdue-actions`: notify each owner once of each support-meeting action item
past its due date (run daily from cron or a systemd timer; the dashboard marks overdue items by
itself, this only sends the notification)."""

from typing import Any

from django.core.management.base import BaseCommand

from tsunagu.meetings.outcomes import notify_overdue


class Command(BaseCommand):
    help = "期限を過ぎた会議のアクションアイテムを担当者に通知します（1件につき1回）。"

    def handle(self, *args: Any, **options: Any) -> None:
        count = notify_overdue()
        self.stdout.write(f"期限超過の通知: {count}件")
