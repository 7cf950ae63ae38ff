from django.urls import path

from . import views

urlpatterns = [
    path(
        "persons/<id:person_id>/disclosure-requests/",
        views.person_requests,
        name="disclosure-requests",
    ),
    path(
        "disclosure-requests/<id:disclosure_request_id>/",
        views.review,
        name="disclosure-request",
    ),
]
