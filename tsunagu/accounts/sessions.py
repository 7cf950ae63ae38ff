"""Ending a user's sessions everywhere (logout of all devices, account disabled)."""

from django.contrib.sessions.models import Session
from django.utils import timezone

from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction

from .models import User


def end_all_sessions(user: User) -> int:
    """Delete every live session of this user. Returns how many were ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    record(AuditAction.LOGOUT_ALL, user=user, object_type="accounts.user", object_id=user.pk,
           extra={"sessions": ended})
    return ended
