from django.urls import path

from . import views

urlpatterns = [
    path("", views.calendar_index, name="public-calendar"),
    path("events.csv", views.open_data, name="calendar-open-data"),
    path("programmes/<id:programme_id>/", views.programme_detail, name="calendar-programme"),
    path("programmes/<id:programme_id>.ics", views.programme_feed, name="calendar-programme-feed"),
    path("sessions/<id:session_id>/", views.session_detail, name="calendar-session"),
    path("<str:municipality_code>.ics", views.municipality_feed, name="calendar-feed"),
    path("<str:municipality_code>.csv", views.open_data, name="calendar-municipality-open-data"),
]
