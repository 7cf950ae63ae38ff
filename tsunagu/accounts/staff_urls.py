from django.urls import path

from . import staff_views

urlpatterns = [
    path("", staff_views.staff_list, name="staff-list"),
    path("invite/", staff_views.staff_invite, name="staff-invite"),
    path("<id:membership_id>/", staff_views.staff_member, name="staff-member"),
    path("<id:membership_id>/deactivate/", staff_views.staff_deactivate, name="staff-deactivate"),
    path("<id:membership_id>/reactivate/", staff_views.staff_reactivate, name="staff-reactivate"),
    path(
        "<id:membership_id>/reset-two-factor/",
        staff_views.staff_reset_two_factor,
        name="staff-reset-two-factor",
    ),
    path("<id:membership_id>/new-link/", staff_views.staff_new_link, name="staff-new-link"),
]
