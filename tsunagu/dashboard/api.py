"""/api/v1/ endpoints of this app (a django-ninja Router, mounted in tsunagu/api/views.py)."""

from ninja import Router

router = Router(tags=["dashboard"])
