from django.urls import path

from . import views

urlpatterns = [
    path("cases/<id:case_id>/plans/", views.plan_list, name="plan-list"),
    path("cases/<id:case_id>/plans/new/", views.plan_new, name="plan-new"),
    path("plans/<id:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<id:plan_id>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<id:plan_id>/submit/", views.plan_submit, name="plan-submit"),
]
