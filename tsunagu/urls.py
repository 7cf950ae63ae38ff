from django.urls import include, path

from tsunagu.core.date_views import date_readout
from tsunagu.publicity.signage import signage
from tsunagu.publicity.webhook import line_webhook

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("tsunagu.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("staff/dates/readout/<str:kind>/", date_readout, name="date-readout"),
    path("staff/", include("tsunagu.people.urls")),
    path("staff/intake/", include("tsunagu.intake.urls")),
    path("staff/routing/", include("tsunagu.routing.urls")),
    path("staff/concerns/", include("tsunagu.concerns.urls")),
    path("staff/", include("tsunagu.contacts.urls")),
    path("staff/", include("tsunagu.casestudies.urls")),
    path("staff/", include("tsunagu.disclosures.urls")),
    path("staff/", include("tsunagu.referrals.urls")),
    path("staff/", include("tsunagu.assessments.urls")),
    path("staff/", include("tsunagu.plans.urls")),
    path("staff/", include("tsunagu.consent.urls")),
    path("staff/search/", include("tsunagu.search.urls")),
    path("staff/dashboard/", include("tsunagu.dashboard.urls")),
    path("staff/notifications/", include("tsunagu.notifications.urls")),
    path("staff/approvals/", include("tsunagu.approvals.urls")),
    path("staff/meetings/", include("tsunagu.meetings.urls")),
    path("staff/programmes/", include("tsunagu.programmes.urls")),
    path("staff/imports/", include("tsunagu.imports.urls")),
    path("staff/audit/", include("tsunagu.audit.urls")),
    path("staff/reports/", include("tsunagu.reports.urls")),
    path("staff/roles/", include("tsunagu.accounts.role_urls")),
    path("staff/admin/staff/", include("tsunagu.accounts.staff_urls")),
    path("staff/admin/", include("tsunagu.tenancy.admin_urls")),
    path("staff/api-tokens/", include("tsunagu.accounts.token_urls")),
    path("staff/programme-statistics/", include("tsunagu.calendar_public.staff_urls")),
    path("api/v1/", include("tsunagu.api.urls")),
    path(
        "api/line/webhook/<str:municipality_code>/",
        line_webhook,
        name="line-webhook",
    ),
    path("navi/", include("tsunagu.navigator.urls")),
    path("calendar/", include("tsunagu.calendar_public.urls")),
    path("api/hsds/", include("tsunagu.resources.api_urls")),
    path("staff/resources/", include("tsunagu.resources.staff_urls")),
    path("resources/", include("tsunagu.resources.urls")),
    path("staff/bookings/", include("tsunagu.booking.staff_urls")),
    path("booking/", include("tsunagu.booking.urls")),
    path("staff/announcements/", include("tsunagu.publicity.urls")),
    path("news/", include("tsunagu.publicity.public_urls")),
    path("signage/<str:municipality_code>/", signage, name="signage"),
    path("", include("tsunagu.web.urls")),
]

handler400 = "tsunagu.core.error_views.bad_request"
handler403 = "tsunagu.core.error_views.permission_denied"
handler404 = "tsunagu.core.error_views.not_found"
handler500 = "tsunagu.core.error_views.server_error"
