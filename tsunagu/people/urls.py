from django.urls import path

from . import views

urlpatterns = [
    path("persons/<int:person_id>/", views.person_detail, name="person-detail"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
]
