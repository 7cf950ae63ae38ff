from django.urls import path

from . import views, views_visits

urlpatterns = [
    path("cases/<id:case_id>/contacts/", views.contact_log, name="contact-log"),
    path("cases/<id:case_id>/contacts/panel/", views.contact_panel, name="contact-panel"),
    path("cases/<id:case_id>/visits/new/", views_visits.visit_plan, name="visit-plan"),
    path("contacts/<id:contact_id>/", views.contact_detail, name="contact-detail"),
    path(
        "contacts/<id:contact_id>/next-action-done/",
        views.next_action_done,
        name="contact-next-action-done",
    ),
    path("visits/<id:visit_id>/record/", views_visits.visit_record, name="visit-record"),
    path("visits/<id:visit_id>/cancel/", views_visits.visit_cancel, name="visit-cancel"),
]
