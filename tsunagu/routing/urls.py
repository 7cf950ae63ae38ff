from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="routing-index"),
    path("<str:municipality_code>/", views.rule_list, name="routing-rules"),
    path("<str:municipality_code>/new/", views.rule_create, name="routing-rule-new"),
    path("rules/<id:rule_id>/edit/", views.rule_edit, name="routing-rule-edit"),
    path("rules/<id:rule_id>/delete/", views.rule_delete, name="routing-rule-delete"),
]
