"""Programmes (public: programmes, recurrence rules, sessions) and who takes part (personal:
participants and attendance). See each module's docstring for the fields."""

from .participants import (
    HOLDS_PLACE,
    Attendance,
    Participant,
    ParticipantStatus,
    Relation,
)
from .programmes import (
    WEEKDAY_LABELS,
    Audience,
    Fee,
    Frequency,
    Kind,
    Programme,
    Schedule,
    ScheduleException,
    Session,
    SessionStatus,
)

__all__ = [
    "HOLDS_PLACE",
    "WEEKDAY_LABELS",
    "Attendance",
    "Audience",
    "Fee",
    "Frequency",
    "Kind",
    "Participant",
    "ParticipantStatus",
    "Programme",
    "Relation",
    "Schedule",
    "ScheduleException",
    "Session",
    "SessionStatus",
]
