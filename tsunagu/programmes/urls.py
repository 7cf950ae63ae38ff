from django.urls import path

from . import views, views_roster

urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("new/", views.programme_edit, name="programme-create"),
    path("<id:programme_id>/", views.programme_detail, name="programme-detail"),
    path("<id:programme_id>/edit/", views.programme_edit, name="programme-edit"),
    path("<id:programme_id>/schedules/new/", views.schedule_add, name="schedule-add"),
    path(
        "schedules/<id:schedule_id>/exceptions/",
        views.schedule_exception,
        name="schedule-exception",
    ),
    path("<id:programme_id>/sessions/", views.session_list, name="programme-sessions"),
    path("<id:programme_id>/sessions/new/", views.session_add, name="session-add"),
    path("sessions/<id:session_id>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<id:session_id>/cancel/", views.session_cancel, name="session-cancel"),
    path("sessions/<id:session_id>/reinstate/", views.session_reinstate, name="session-reinstate"),
    path(
        "sessions/<id:session_id>/attendance/", views_roster.attendance, name="session-attendance"
    ),
    path(
        "<id:programme_id>/participants/",
        views_roster.participants,
        name="programme-participants",
    ),
    path(
        "<id:programme_id>/participants/action/",
        views_roster.participant_action,
        name="participant-action",
    ),
]
