from django.urls import path

from . import views

urlpatterns = [
    path("", views.approval_waiting, name="approval-waiting"),
    path("<id:request_id>/", views.approval_detail, name="approval-detail"),
    path(
        "<id:request_id>/approve/",
        views.approval_decide,
        {"decision": "approve"},
        name="approval-approve",
    ),
    path(
        "<id:request_id>/return/",
        views.approval_decide,
        {"decision": "return"},
        name="approval-return",
    ),
]
