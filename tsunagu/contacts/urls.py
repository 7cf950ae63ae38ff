from django.urls import path

from . import views, views_visits

urlpatterns = [
    path("cases/<int:case_id>/contacts/", views.contact_log, name="contact-log"),
    path("cases/<int:case_id>/contacts/panel/", views.contact_panel, name="contact-panel"),
    path("cases/<int:case_id>/visits/new/", views_visits.visit_plan, name="visit-plan"),
    path("contacts/<int:contact_id>/", views.contact_detail, name="contact-detail"),
    path(
        "contacts/<int:contact_id>/next-action-done/",
        views.next_action_done,
        name="contact-next-action-done",
    ),
    path("visits/<int:visit_id>/record/", views_visits.visit_record, name="visit-record"),
    path("visits/<int:visit_id>/cancel/", views_visits.visit_cancel, name="visit-cancel"),
]
