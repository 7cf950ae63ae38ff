from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="booking-index"),
    path("manage/<str:token>/", views.manage, name="booking-manage"),
    path("manage/<str:token>/cancel/", views.manage_cancel, name="booking-cancel"),
    path("manage/<str:token>/reschedule/", views.manage_reschedule, name="booking-reschedule"),
    path("<str:municipality_code>/<slug:slug>/", views.window_slots, name="booking-window"),
    path("<str:municipality_code>/<slug:slug>/book/", views.book_slot, name="booking-book"),
]
