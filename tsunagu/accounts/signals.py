"""Account signal handlers (audit entries for authentication live in tsunagu.audit.signals)."""
