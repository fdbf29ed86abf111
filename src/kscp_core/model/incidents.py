"""Serious incidents (cases) and their notification.

Notification goes to the Child Safeguarding Practice Review Panel.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import NewType

import attrs

from kscp_core.model.agencies import AgencyId
from kscp_core.model.people import PersonId

__all__ = ["AbuseOrNeglect", "IncidentId", "IncidentOutcome", "SeriousIncident"]

IncidentId = NewType("IncidentId", str)


class AbuseOrNeglect(enum.Enum):
    """Whether abuse or neglect is known or suspected."""

    KNOWN = "known"
    SUSPECTED = "suspected"
    NOT_SUSPECTED = "not_suspected"


class IncidentOutcome(enum.Enum):
    """What happened to the child."""

    DEATH = "death"
    SERIOUS_HARM = "serious_harm"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class SeriousIncident:
    """An incident concerning a child: a *case* in the framework's words.

    ``became_aware_on`` is when the local authority became aware of it;
    ``notified_on`` when it was notified to the Child Safeguarding Practice
    Review Panel. ``agencies_involved`` are the agencies that worked with the
    child and family.
    """

    id: IncidentId
    child: PersonId
    became_aware_on: date
    abuse_or_neglect: AbuseOrNeglect
    outcome: IncidentOutcome
    looked_after: bool = False
    notified_on: date | None = None
    agencies_involved: tuple[AgencyId, ...] = ()
    complex: bool = False
