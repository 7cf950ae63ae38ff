from django.urls import path

from . import views

urlpatterns = [
    path("", views.public_home, name="public-home"),
    path("language/", views.choose_language, name="choose-language"),
    path("accessibility/", views.accessibility_policy, name="accessibility-policy"),
    path("windows/<str:municipality_code>/<slug:slug>/", views.window_detail, name="window-detail"),
    path("staff/", views.staff_home, name="staff-home"),
]
