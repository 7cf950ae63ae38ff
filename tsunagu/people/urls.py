from django.urls import path

from . import case_views, grant_views, merge_views, queue_views, views

urlpatterns = [
    path("persons/<id:person_id>/", views.person_detail, name="person-detail"),
    path("persons/<id:person_id>/edit/", views.person_edit, name="person-edit"),
    path(
        "persons/<id:person_id>/household/members/",
        views.household_member_add,
        name="household-member-add",
    ),
    path("persons/merge/", merge_views.merge_start, name="person-merge"),
    path("merges/<id:merge_id>/", merge_views.merge_detail, name="person-merge-detail"),
    path("merges/<id:merge_id>/undo/", merge_views.merge_undo, name="person-merge-undo"),
    path("cases/", case_views.case_list, name="case-list"),
    path("cases/unassigned/", queue_views.unassigned, name="case-unassigned"),
    path("cases/<id:case_id>/take/", queue_views.take, name="case-take"),
    path("cases/<id:case_id>/", case_views.case_detail, name="case-detail"),
    path("cases/<id:case_id>/status/", case_views.case_status, name="case-status"),
    path("cases/<id:case_id>/engagement/", case_views.case_engagement, name="case-engagement"),
    path("cases/<id:case_id>/lead/", case_views.case_lead, name="case-lead"),
    path("grants/<id:grant_id>/end/", grant_views.grant_end, name="grant-end"),
]

# Handoff (引き継ぎ): tsunagu/people/handoff.py, handoff_views.py
from . import handoff_views  # noqa: E402

urlpatterns += [
    path("cases/<id:case_id>/handoff/", handoff_views.case_handoff, name="case-handoff"),
    path("handoffs/", handoff_views.inbox, name="handoff-inbox"),
    path("handoffs/<id:access_id>/", handoff_views.answer, name="handoff-answer"),
]

# ケースワーク設定: tsunagu/people/casework_settings.py
from . import casework_settings_views  # noqa: E402

urlpatterns += [
    path(
        "casework-settings/",
        casework_settings_views.casework_settings,
        name="casework-settings",
    ),
]
