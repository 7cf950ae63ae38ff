from django.urls import path

from . import views

urlpatterns = [
    path("cases/<id:case_id>/referrals/", views.case_referrals, name="case-referrals"),
    path("cases/<id:case_id>/referrals/new/", views.case_referral_new, name="case-referral-new"),
    path("referrals/received/", views.inbox, name="referral-inbox"),
    path("referrals/<id:referral_id>/", views.detail, name="referral-detail"),
    path("referrals/<id:referral_id>/respond/", views.respond, name="referral-respond"),
    path("referrals/<id:referral_id>/feedback/", views.feedback, name="referral-feedback"),
    path("referrals/<id:referral_id>/cancel/", views.cancel, name="referral-cancel"),
]
