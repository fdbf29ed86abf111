"""Subgroups of the Partnership: the Business Group, the SE Subgroup and the rest."""

from __future__ import annotations

import enum
from typing import NewType

import attrs

from kscp_core.model.agencies import AgencyId

__all__ = ["Subgroup", "SubgroupId", "SubgroupRole"]

SubgroupId = NewType("SubgroupId", str)


class SubgroupRole(enum.Enum):
    """The part a subgroup plays in the framework."""

    BUSINESS_GROUP = "business_group"
    SAFEGUARDING_EFFECTIVENESS = "safeguarding_effectiveness"
    SERIOUS_PRACTICE_REVIEW = "serious_practice_review"
    CHILD_DEATH_OVERVIEW_PANEL = "child_death_overview_panel"
    LEARNING_AND_DEVELOPMENT = "learning_and_development"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Subgroup:
    """A subgroup of the Partnership, its chair and its member agencies."""

    id: SubgroupId
    name: str
    role: SubgroupRole
    chair: str
    chair_agency: AgencyId | None = None
    members: tuple[AgencyId, ...] = ()
