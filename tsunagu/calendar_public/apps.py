from django.apps import AppConfig


class CalendarPublicConfig(AppConfig):
    name = "tsunagu.calendar_public"
    label = "calendar_public"
    verbose_name = "催しの予定（公開）と参加の集計"
