from django.urls import path

from . import views

urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("read-all/", views.notification_mark_all_read, name="notification-mark-all-read"),
    path("<id:notification_id>/open/", views.notification_open, name="notification-open"),
]
