"""Support meetings (支援会議 and its kin): the meeting, its members, its agenda of cases with the
summary prepared for it, and what the meeting decided (支援の方向性, 役割分担, action items).

What a meeting may hold depends on its kind (domain notes §3):

- 支援会議 (社会福祉法第106条の6): a case may be tabled without the person's consent; every member
  acknowledges the duty of confidentiality (守秘義務) in the system before seeing anything;
- 重層的支援会議: only cases whose consent covers the member organisations;
- ケース会議: the municipality's own staff only (no member of an outside organisation);
- ネットワーク会議: anonymised case studies only — its agenda holds topics, never a case.

A member sees an agenda case's prepared summary — never the case — through an AccessGrant of
source "meeting" (people.grants.grant_meeting_access) that runs from the meeting's opening until
`access_hours` after its end. `AgendaShare` ties each such grant to the agenda item and member
it was made for, so a grant of one meeting never opens another meeting's summary.
"""

from .agenda import AgendaItem, AgendaShare
from .meetings import MAX_ACCESS_HOURS, Meeting, MeetingKind, MeetingMember, MinutesState
from .outcomes import ActionItem, RoleAssignment

__all__ = [
    "MAX_ACCESS_HOURS",
    "ActionItem",
    "AgendaItem",
    "AgendaShare",
    "Meeting",
    "MeetingKind",
    "MeetingMember",
    "MinutesState",
    "RoleAssignment",
]
