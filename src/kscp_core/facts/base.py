"""What every projector shares: the fact, its key, and the context it is derived in."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple, Protocol

import attrs

from kscp_core.model.actions import Action
from kscp_core.model.meetings import Meeting, held_by_subgroup
from kscp_core.model.partnership import Partnership
from kscp_core.model.subgroups import SubgroupRole
from kscp_core.model.working_days import WorkingCalendar
from kscp_core.rulebook.proportionality import DecisionTable

__all__ = [
    "ActionFollower",
    "Context",
    "Current",
    "Fact",
    "FactKey",
    "Projector",
    "StateGate",
]


class FactKey(NamedTuple):
    """What identifies a fact in one evaluation: its kind, its subject and, when chained, how.

    A typed key, not a joined string, so that no two facts' keys can be
    confused whatever their ids hold.
    """

    kind: str
    subject: str
    #: The rule whose finding derived a chained fact (``recorded`` for one on record).
    via: str = ""

    def __str__(self) -> str:
        return ":".join(part for part in self if part)


@attrs.frozen(kw_only=True)
class Fact:
    """One fact: its kind, a key unique in an evaluation, the record it is about, its values."""

    kind: str
    key: FactKey
    subject: str
    data: dict[str, Any]
    parent: FactKey | None = None


def fact(kind: str, subject: str, data: dict[str, Any]) -> Fact:
    """A fact about one record, keyed by its kind and subject."""
    return Fact(kind=kind, key=FactKey(kind, subject), subject=subject, data=data)


@attrs.define
class Context:
    """What a projection is made for: the records, the date and the rules' settings.

    Args:
        partnership: the records.
        as_of: the date; only records dated on or before it count.
        params: the rules' parameter values on that date.
        calendar: the working-day calendar (England and Wales when None).
        proportionality: the RuleBook's decision table (the packaged one when None).
    """

    partnership: Partnership
    as_of: date
    params: Mapping[str, Any]
    calendar: WorkingCalendar | None = None
    proportionality: DecisionTable | None = None
    #: for a kind of record with a :class:`StateGate`, the states of it some rule
    #: can fire on (see :func:`kscp_core.facts.gate.open_states`); a record in
    #: another state gives no facts. None: every record gives its facts.
    open_states: Mapping[str, frozenset[tuple[bool, ...]]] | None = None
    _held: dict[str, list[Meeting]] | None = attrs.field(default=None, init=False, repr=False)

    @property
    def held(self) -> dict[str, list[Meeting]]:
        """Each subgroup's meetings held by *as of*, in date order (worked out once)."""
        if self._held is None:
            self._held = held_by_subgroup(self.partnership.meetings, self.as_of)
        return self._held

    def held_on(self, subgroup: str | None) -> list[date]:
        """The dates of a subgroup's meetings held by *as of*, in order."""
        return [m.held_on for m in self.held.get(subgroup, ())] if subgroup else []

    def role_subgroup(self, role: SubgroupRole) -> str | None:
        """The subgroup holding a role (the lowest id, so record order never matters)."""
        return min((s.id for s in self.partnership.subgroups if s.role is role), default=None)


@attrs.frozen(kw_only=True)
class StateGate:
    """What a projector can tell of a record before it derives the record's facts.

    The ``fields`` are true/false fields of the record's own fact, always
    present, that the projector works out first (an action's ``open``,
    ``completed``...). From the rules' condition trees the engine works out
    which combinations of them some rule could fire on, on this fact, on the
    facts given with it (``alongside``) or on facts chained from either; the
    projector skips a record in any other state without deriving the rest.

    Args:
        kind: the record's own fact kind.
        fields: the true/false fields known first, in the order of the state.
        alongside: the other kinds the projector may give from the same record,
            each with the fields it copies from the record's own fact.
    """

    kind: str
    fields: tuple[str, ...]
    alongside: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)


#: the fact under a key as a Session now holds it (with its pending changes), if any
Current = Callable[[FactKey], "Fact | None"]


class ActionFollower(Protocol):
    """What a projector whose facts count actions does when an action changes.

    A Session posting only actions asks each follower for the facts it must
    derive again, instead of projecting the whole partnership.
    """

    def changed(
        self,
        old: Action | None,
        new: Action | None,
        actions: Mapping[str, Action],
        current: Current,
    ) -> Iterable[Fact]:
        """The facts that change when ``old`` becomes ``new`` (either may be None)."""
        ...


@attrs.frozen(kw_only=True)
class Projector:
    """One framework concept's part of the projection.

    Args:
        name: the concept.
        gives: the kinds of fact it derives (a test checks these).
        reads: the collections of the records it reads: a change to any of
            them may change its facts, and a change to none cannot.
        project: derives its facts.
        follows_actions: for a projector whose facts count actions (other
            than the actions' own), what re-derives them when actions change.
        gate: the states of a record it can tell first, when it skips records
            no rule can fire on (see :class:`StateGate`).
    """

    name: str
    gives: frozenset[str]
    reads: frozenset[str]
    project: Callable[[Context], Iterable[Fact]]
    follows_actions: Callable[[Context], ActionFollower] | None = None
    #: what it can tell of a record before deriving its facts, if it gates them
    gate: StateGate | None = None


def day(value: date) -> int:
    """A date as the day number facts carry."""
    return value.toordinal()


def on_or_before(value: date | None, as_of: date) -> bool:
    """Whether a date is recorded and has come by *as of*."""
    return value is not None and value <= as_of


def late(deadline: date, done_on: date | None, as_of: date) -> bool:
    """Whether, as of a date, a deadline has passed with the thing not done by it."""
    return as_of > deadline and (done_on is None or done_on > deadline)
