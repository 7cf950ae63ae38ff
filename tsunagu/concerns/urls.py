from django.urls import path

from . import views

urlpatterns = [
    path("", views.report_triage_list, name="concern-list"),
    path("new/", views.report_new, name="concern-new"),
    path("mine/", views.report_mine, name="concern-mine"),
    path("<id:report_id>/", views.report_detail, name="concern-detail"),
    path("<id:report_id>/triage/", views.report_triage, name="concern-triage"),
]
