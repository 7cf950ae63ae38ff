from django.urls import path

from . import views

urlpatterns = [
    path("logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
]
