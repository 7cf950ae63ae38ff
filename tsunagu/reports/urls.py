from django.urls import path

from . import views

urlpatterns = [
    path("", views.report_index, name="report-index"),
    path("export.xlsx", views.report_export, {"fmt": "xlsx"}, name="report-export-xlsx"),
    path("export.csv", views.report_export, {"fmt": "csv"}, name="report-export-csv"),
    path("prefecture/", views.report_prefecture, name="report-prefecture"),
    path(
        "prefecture/export.xlsx",
        views.report_prefecture_export,
        {"fmt": "xlsx"},
        name="report-prefecture-export-xlsx",
    ),
    path(
        "prefecture/export.csv",
        views.report_prefecture_export,
        {"fmt": "csv"},
        name="report-prefecture-export-csv",
    ),
]
