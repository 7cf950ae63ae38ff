from django.urls import path

from . import admin_views as v

urlpatterns = [
    path("windows/", v.window_list, name="admin-windows"),
    path("windows/new/", v.window_new, name="admin-window-new"),
    path("windows/<id:window_id>/", v.window_edit, name="admin-window"),
    path("windows/<id:window_id>/hours/", v.window_hours, name="admin-window-hours"),
    path(
        "windows/<id:window_id>/exceptions/",
        v.window_exception_add,
        name="admin-window-exception-add",
    ),
    path(
        "windows/<id:window_id>/exceptions/<id:exception_id>/delete/",
        v.window_exception_delete,
        name="admin-window-exception-delete",
    ),
    path("organizations/", v.organization_list, name="admin-organizations"),
    path("organizations/new/", v.organization_new, name="admin-organization-new"),
    path("organizations/<id:organization_id>/", v.organization_edit, name="admin-organization"),
]
