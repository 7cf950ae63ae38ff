from django.urls import path

from . import views

urlpatterns = [
    path("cases/<id:case_id>/consents/", views.consent_list, name="consent-list"),
    path("cases/<id:case_id>/consents/new/", views.consent_new, name="consent-new"),
    path("consents/<id:consent_id>/change/", views.consent_change, name="consent-change"),
    path("consents/<id:consent_id>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path(
        "persons/<id:person_id>/disclosures/",
        views.person_disclosures,
        name="person-disclosures",
    ),
]
