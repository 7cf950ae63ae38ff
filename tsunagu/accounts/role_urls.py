from django.urls import path

from . import role_views

urlpatterns = [
    path("", role_views.role_settings, name="role-settings"),
    path("save/", role_views.role_settings_save, name="role-settings-save"),
]
