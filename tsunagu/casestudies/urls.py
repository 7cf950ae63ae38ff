from django.urls import path

from . import views

urlpatterns = [
    path("cases/<id:case_id>/case-study/", views.case_study, name="case-study"),
]
