from django.urls import path

from . import token_views

urlpatterns = [
    path("", token_views.my_tokens, name="api-tokens"),
    path("<id:token_id>/revoke/", token_views.revoke_my_token, name="api-token-revoke"),
    path("staff/", token_views.managed_tokens, name="api-tokens-managed"),
    path(
        "staff/<id:token_id>/revoke/",
        token_views.revoke_managed_token,
        name="api-token-managed-revoke",
    ),
]
