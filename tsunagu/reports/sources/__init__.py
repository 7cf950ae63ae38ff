"""The SQL behind the report definitions: one query per source, every cell a conditional
aggregate (SUM(CASE WHEN … THEN 1 …)), grouped by municipality only. Nothing is counted in
Python; a report costs the same few queries whatever its number of tables or rows.

Each source is an inner query built with the ORM — the period's rows in scope, with the
columns the definitions read — wrapped in an outer SELECT written here from the definitions
(writing the hundreds of conditions as SQL text directly keeps the ORM's expression
compilation, seconds for a report, out of the way). Values always travel as parameters.

The "persons" source has one more level: the period's contacts grouped by person (first
contact, age at it, the 新規 flag, flags for the channels and months of their contacts), then
counted by category, with the answers of each person's latest submitted intake joined once.
"""

from __future__ import annotations

from .persons import persons
from .programmes import attendances, participants, sessions
from .records import closures, contacts, meeting_items, meetings, referrals
from .sql import Agg, Result, Scope

SOURCES = {
    "contacts": contacts,
    "persons": persons,
    "referrals": referrals,
    "closures": closures,
    "meetings": meetings,
    "meeting_items": meeting_items,
    "sessions": sessions,
    "attendances": attendances,
    "participants": participants,
}

__all__ = ["SOURCES", "Agg", "Result", "Scope"]
