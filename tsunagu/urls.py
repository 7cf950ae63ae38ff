from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("tsunagu.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("tsunagu.people.urls")),
    path("staff/audit/", include("tsunagu.audit.urls")),
    path("api/v1/", include("tsunagu.api.urls")),
    path("", include("tsunagu.web.urls")),
]
