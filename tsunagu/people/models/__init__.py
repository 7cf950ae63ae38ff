"""Persons supported, their households and their cases: the heart of the personal data.

Every model here inherits TenantOwned (except CaseworkSettings, which holds no personal data),
so it can only be queried through the scoping mechanism.
"""

from .cases import (
    Case,
    CaseAccess,
    CaseStatusChange,
    ClosureReason,
    EngagementChange,
    EngagementStage,
)
from .grants import AccessGrant
from .households import (
    PARENT_RELATIONS,
    CareLevel,
    CaseworkSettings,
    Employment,
    Household,
    HouseholdMember,
    Relation,
)
from .merges import PersonMerge
from .persons import BirthPrecision, Person, Sex, not_merged, whole_years

__all__ = [
    "PARENT_RELATIONS",
    "AccessGrant",
    "BirthPrecision",
    "CareLevel",
    "Case",
    "CaseAccess",
    "CaseStatusChange",
    "CaseworkSettings",
    "ClosureReason",
    "Employment",
    "EngagementChange",
    "EngagementStage",
    "Household",
    "HouseholdMember",
    "Person",
    "PersonMerge",
    "Relation",
    "Sex",
    "not_merged",
    "whole_years",
]
