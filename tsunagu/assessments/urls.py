from django.urls import path

from . import views

urlpatterns = [
    path("cases/<id:case_id>/assessments/", views.assessment_list, name="assessment-list"),
    path("cases/<id:case_id>/assessments/new/", views.assessment_new, name="assessment-new"),
    path("assessments/<id:assessment_id>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<id:assessment_id>/edit/", views.assessment_edit, name="assessment-edit"),
    path(
        "assessments/<id:assessment_id>/submit/",
        views.assessment_submit,
        name="assessment-submit",
    ),
    path(
        "assessments/<id:assessment_id>/compare/",
        views.assessment_compare,
        name="assessment-compare",
    ),
]
