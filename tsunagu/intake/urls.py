from django.urls import path

from . import views, views_forms, views_groups

urlpatterns = [
    path("", views.intake_list, name="intake-list"),
    path("new/", views.intake_new, name="intake-new"),
    path("routed/", views.intake_routed, name="intake-routed"),
    path("<id:intake_id>/", views.intake_detail, name="intake-detail"),
    path("<id:intake_id>/autosave/", views.intake_autosave, name="intake-autosave"),
    path("<id:intake_id>/next/", views.intake_next, name="intake-next"),
    path("<id:intake_id>/route/", views.intake_route, name="intake-route"),
    path("<id:intake_id>/link/", views.intake_link, name="intake-link"),
    path("<id:intake_id>/create-person/", views.intake_create_person, name="intake-create-person"),
    path("forms/", views_forms.forms_index, name="intake-forms"),
    path("forms/<id:definition_id>/draft/", views_forms.draft_create, name="intake-draft-create"),
    path("versions/<id:version_id>/", views_forms.version_edit, name="intake-version"),
    path(
        "versions/<id:version_id>/preview/",
        views_forms.version_preview,
        name="intake-version-preview",
    ),
    path(
        "versions/<id:version_id>/publish/",
        views_forms.version_publish,
        name="intake-version-publish",
    ),
    path("versions/<id:version_id>/fields/new/", views_forms.field_new, name="intake-field-new"),
    path(
        "versions/<id:version_id>/fields/<slug:field_key>/",
        views_forms.field_edit,
        name="intake-field-edit",
    ),
    path(
        "versions/<id:version_id>/fields/<slug:field_key>/delete/",
        views_forms.field_delete,
        name="intake-field-delete",
    ),
    path(
        "versions/<id:version_id>/fields/<slug:field_key>/move/",
        views_forms.field_move,
        name="intake-field-move",
    ),
    path("versions/<id:version_id>/groups/new/", views_groups.group_new, name="intake-group-new"),
    path(
        "versions/<id:version_id>/groups/<slug:field_key>/",
        views_groups.group_edit,
        name="intake-group-edit",
    ),
    path(
        "versions/<id:version_id>/groups/<slug:field_key>/fields/new/",
        views_groups.subfield_new,
        name="intake-subfield-new",
    ),
    path(
        "versions/<id:version_id>/groups/<slug:field_key>/fields/<slug:sub_key>/",
        views_groups.subfield_edit,
        name="intake-subfield-edit",
    ),
    path(
        "versions/<id:version_id>/groups/<slug:field_key>/fields/<slug:sub_key>/delete/",
        views_groups.subfield_delete,
        name="intake-subfield-delete",
    ),
    path(
        "versions/<id:version_id>/groups/<slug:field_key>/fields/<slug:sub_key>/move/",
        views_groups.subfield_move,
        name="intake-subfield-move",
    ),
]
