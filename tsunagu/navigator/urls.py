from django.urls import path

from . import views

urlpatterns = [
    path("", views.start, name="navigator-start"),
    path("municipality/", views.question, {"step": "municipality"}, name="navigator-municipality"),
    path("asker/", views.question, {"step": "asker"}, name="navigator-asker"),
    path("age/", views.question, {"step": "age"}, name="navigator-age"),
    path("worries/", views.question, {"step": "worries"}, name="navigator-worries"),
    path("result/", views.result, name="navigator-result"),
    path("memo.pdf", views.memo, name="navigator-memo"),
]
