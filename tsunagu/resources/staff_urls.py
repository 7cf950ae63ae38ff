from django.urls import path

from . import staff_views as v

urlpatterns = [
    path("", v.service_list, name="staff-resources"),
    path("new/", v.service_new, name="staff-resources-new"),
    path("export/", v.export, name="staff-resources-export"),
    path("import/", v.import_csv, name="staff-resources-import"),
    path("fields/", v.fields, name="staff-resources-fields"),
    path("windows/<id:window_id>/add/", v.window_add, name="staff-resources-window-add"),
    path("<str:service_id>/", v.service_edit, name="staff-resources-edit"),
    path("<str:service_id>/delete/", v.service_delete, name="staff-resources-delete"),
]
