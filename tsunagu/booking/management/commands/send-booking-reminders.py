"""`tsunagu send-booking-reminders`: e-mail the reminder of every booking within its rule's
reminder hours (run hourly from cron or a systemd timer). Each send is logged; failures are
shown to staff on /staff/bookings/ and retried at the next run."""

from django.core.management.base import BaseCommand

from tsunagu.booking.mail import send_due_reminders


class Command(BaseCommand):
    help = "予約のリマインダーをメールで送ります（1時間ごとに実行）。"

    def handle(self, *args, **options) -> None:
        sent, failed = send_due_reminders()
        self.stdout.write(f"リマインダー：送信 {sent} 件、失敗 {failed} 件")
