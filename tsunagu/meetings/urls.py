from django.urls import path

from . import views

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("new/", views.meeting_create, name="meeting-create"),
    path("<id:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("<id:meeting_id>/acknowledge/", views.meeting_acknowledge, name="meeting-acknowledge"),
    path("<id:meeting_id>/members/", views.meeting_add_member, name="meeting-add-member"),
    path("<id:meeting_id>/agenda/new/", views.agenda_add, name="agenda-add"),
    path("<id:meeting_id>/minutes/", views.minutes_edit, name="minutes-edit"),
    path("<id:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes-pdf"),
    path("items/<id:item_id>/", views.agenda_item, name="agenda-item"),
    path("items/<id:item_id>/direction/", views.agenda_direction, name="agenda-direction"),
    path("items/<id:item_id>/roles/", views.agenda_role, name="agenda-role"),
    path("items/<id:item_id>/actions/", views.agenda_action, name="agenda-action"),
    path("items/<id:item_id>/share/", views.agenda_share, name="agenda-share"),
    path("action-items/", views.action_item_list, name="action-item-list"),
    path(
        "action-items/<id:action_item_id>/done/",
        views.action_item_done,
        name="action-item-done",
    ),
]
