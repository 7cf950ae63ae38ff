"""Audit log helpers for tests."""

from tsunagu.audit.models import AuditEvent


def last_audit_id() -> int:
    """The id of the newest audit event (0 for none): `AuditEvent.objects.filter(pk__gt=...)`
    then finds the events written after it. Not the row count: ids come from a database
    sequence, which PostgreSQL does not rewind when a test's transaction is rolled back."""
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
