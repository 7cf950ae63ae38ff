from django.urls import path

from . import views, views_placements

urlpatterns = [
    path("", views.announcement_list, name="announcement-list"),
    path("new/", views.announcement_edit, name="announcement-create"),
    path("<id:announcement_id>/", views.announcement_detail, name="announcement-detail"),
    path("<id:announcement_id>/edit/", views.announcement_edit, name="announcement-edit"),
    path("<id:announcement_id>/publish/", views.announcement_publish, name="announcement-publish"),
    path(
        "<id:announcement_id>/withdraw/", views.announcement_withdraw, name="announcement-withdraw"
    ),
    path("placements/", views_placements.placement_list, name="placement-list"),
    path("placements/new/", views_placements.placement_edit, name="placement-create"),
    path("placements/<id:placement_id>/", views_placements.placement_edit, name="placement-edit"),
]
