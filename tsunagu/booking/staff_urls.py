from django.urls import path

from . import rule_views, staff_views

urlpatterns = [
    path("", staff_views.booking_list, name="staff-bookings"),
    path("rules/", rule_views.rule_list, name="staff-booking-rules"),
    path("rules/new/", rule_views.rule_new, name="staff-booking-rule-new"),
    path("rules/<id:availability_rule_id>/", rule_views.rule_edit, name="staff-booking-rule"),
    path("<id:booking_id>/", staff_views.booking_detail, name="staff-booking"),
    path("<id:booking_id>/intake/", staff_views.booking_intake, name="staff-booking-intake"),
    path("<id:booking_id>/cancel/", staff_views.booking_cancel, name="staff-booking-cancel"),
]
