from django.urls import path

from . import staff_views

urlpatterns = [
    path("", staff_views.booking_list, name="staff-bookings"),
    path("<id:booking_id>/", staff_views.booking_detail, name="staff-booking"),
    path("<id:booking_id>/intake/", staff_views.booking_intake, name="staff-booking-intake"),
    path("<id:booking_id>/cancel/", staff_views.booking_cancel, name="staff-booking-cancel"),
]
