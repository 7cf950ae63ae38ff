from django.urls import path

from . import views

urlpatterns = [
    path("", views.import_list, name="import-list"),
    path("sources/new/", views.mapping_new, name="import-mapping-new"),
    path("sources/<id:mapping_id>/", views.mapping_edit, name="import-mapping-edit"),
    path("sources/<id:mapping_id>/upload/", views.upload, name="import-upload"),
    path("jobs/<id:job_id>/", views.job_detail, name="import-job"),
    path("jobs/<id:job_id>/progress/", views.job_progress, name="import-job-progress"),
    path("jobs/<id:job_id>/run/", views.job_run, name="import-job-run"),
]
