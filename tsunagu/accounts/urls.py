from django.urls import path

from . import enrol_views, views

urlpatterns = [
    path("logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path(
        "set-password/<str:uidb64>/<str:token>/",
        enrol_views.set_password,
        name="staff-set-password",
    ),
]
