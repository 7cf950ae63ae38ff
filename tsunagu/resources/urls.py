from django.urls import path

from . import views

urlpatterns = [
    path("", views.directory_list, name="resources"),
    path("map/", views.map_view, name="resources-map"),
    path("leaflet/<str:municipality_code>/", views.leaflet_pdf, name="resources-leaflet"),
    path("<str:service_id>/", views.resource_detail, name="resource-detail"),
]
