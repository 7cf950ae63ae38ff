from django.urls import path

from . import public_views
from .feeds import MunicipalityNewsFeed

urlpatterns = [
    path("", public_views.news_list, name="news-list"),
    path("<id:announcement_id>/", public_views.news_detail, name="news-detail"),
    path("<id:announcement_id>/image/", public_views.news_image, name="news-image"),
    path("<id:announcement_id>/flyer.pdf", public_views.news_flyer, name="news-flyer"),
    path("<str:municipality_code>.atom", MunicipalityNewsFeed(), name="news-feed"),
]
