from django.urls import path

from . import staff_views

urlpatterns = [
    path("", staff_views.statistics_page, name="programme-statistics"),
    path("export.csv", staff_views.statistics_csv, name="programme-statistics-csv"),
]
