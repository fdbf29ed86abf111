"""Actions: what a subgroup logged to be done, by whom, by when (DI-1..DI-5)."""

from __future__ import annotations

import enum
from datetime import date
from typing import NewType

import attrs

from kscp_core.errors import UsageError
from kscp_core.model.agencies import AgencyId
from kscp_core.model.subgroups import SubgroupId

__all__ = [
    "Action",
    "ActionId",
    "ActionSource",
    "ActionState",
    "Closure",
    "Escalation",
    "EscalationLevel",
    "ProgressUpdate",
]

ActionId = NewType("ActionId", str)


class ActionSource(enum.Enum):
    """Where an action came from."""

    AUDIT = "audit"
    REVIEW_RECOMMENDATION = "review_recommendation"
    CHALLENGE = "challenge"
    MEETING = "meeting"
    SECTION_11 = "section_11"


class ActionState(enum.Enum):
    """Where an action stands on a date."""

    NOT_YET_RAISED = "not_yet_raised"
    OPEN = "open"
    COMPLETED = "completed"
    CLOSED = "closed"


class EscalationLevel(enum.Enum):
    """Who an action was escalated to."""

    SUBGROUP = "subgroup"
    PARTNERSHIP_CHAIR = "partnership_chair"


@attrs.frozen(kw_only=True)
class ProgressUpdate:
    """A progress update recorded against an action (EXP-1)."""

    on: date
    note: str


@attrs.frozen(kw_only=True)
class Escalation:
    """An escalation recorded against an action (DI-4, DI-5)."""

    on: date
    to: EscalationLevel
    note: str | None = None


@attrs.frozen(kw_only=True)
class Closure:
    """An action closed without being completed: why, and what was done instead (DI-3)."""

    on: date
    reason: str | None = None
    instead: str | None = None


def _not_both(
    instance: Action, attribute: attrs.Attribute[Closure | None], value: Closure | None
) -> None:
    if value is not None and instance.completed_on is not None:
        raise UsageError("an action is either completed or closed, not both")
    if instance.completed_on is not None and instance.completed_on < instance.raised_on:
        raise UsageError("an action cannot be completed before it was raised")
    if value is not None and value.on < instance.raised_on:
        raise UsageError("an action cannot be closed before it was raised")


@attrs.frozen(kw_only=True)
class Action:
    """An action in a subgroup's action log.

    ``source_ref`` names the record the action came from (an audit, a review
    recommendation, a meeting). ``agency`` and ``subgroup`` are accountable for
    it; a missing one is a finding, not a loading error (DI-2).
    """

    id: ActionId
    title: str
    source: ActionSource
    raised_on: date
    source_ref: str | None = None
    agency: AgencyId | None = None
    subgroup: SubgroupId | None = None
    due_on: date | None = None
    owner: str | None = None
    success_criteria: str | None = None
    updates: tuple[ProgressUpdate, ...] = ()
    escalations: tuple[Escalation, ...] = ()
    completed_on: date | None = None
    closure: Closure | None = attrs.field(default=None, validator=_not_both)

    def state(self, as_of: date) -> ActionState:
        """Where the action stands on a date.

        >>> from datetime import date
        >>> a = Action(id=ActionId("A1"), title="t", source=ActionSource.MEETING,
        ...            raised_on=date(2025, 1, 1), completed_on=date(2025, 3, 1))
        >>> a.state(date(2025, 2, 1)).value, a.state(date(2025, 3, 1)).value
        ('open', 'completed')
        """
        if self.raised_on > as_of:
            return ActionState.NOT_YET_RAISED
        if self.completed_on is not None and self.completed_on <= as_of:
            return ActionState.COMPLETED
        if self.closure is not None and self.closure.on <= as_of:
            return ActionState.CLOSED
        return ActionState.OPEN

    def last_update(self, as_of: date) -> date | None:
        """The date of the latest progress update recorded on or before *as of*."""
        dates = [u.on for u in self.updates if u.on <= as_of]
        return max(dates) if dates else None
