"""Actions: each action in a subgroup's action log, and its escalation (DI-1..DI-5)."""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from typing import Any

from kscp_core.facts.base import Context, Fact, FactKey, day
from kscp_core.model.actions import Action, ActionState, EscalationLevel

__all__ = [
    "ACTION_STATE",
    "ESCALATION_COPIES",
    "ActionFacts",
    "derive_escalation",
    "project_actions",
]

#: what an action's fact says of its state, worked out before the rest (the gate's fields)
ACTION_STATE = ("open", "completed", "closed", "escalated", "escalated_to_chair")

#: how a recorded escalation's fact is keyed (a rule's is keyed by the rule id)
RECORDED = "recorded"


class _Cycles:
    """The ends of one subgroup's meeting cycles, as day numbers.

    A meeting cycle ends at each meeting held and, while the subgroup holds
    none, every ``every`` days after its last meeting (the ``cycle_fallback_days``
    parameter): a subgroup that stops meeting does not stop the count.
    """

    __slots__ = ("ends", "every", "held", "last", "where")

    def __init__(self, held: list[int], last: int, every: int | None) -> None:
        self.held = held
        self.last = last
        self.every = every
        # no quiet spell anywhere: not between meetings, nor from the last one to *as of*
        # (a spell ending on *as of* itself counts, so the tail is measured to the day after)
        if every is None or all(b - a <= every for a, b in itertools.pairwise([*held, last + 1])):
            self.ends = held
            self.where = list(range(len(held)))
            return
        self.ends = []
        self.where = []  # where each meeting held is in ``ends``
        for i, meeting in enumerate(held):
            self.where.append(len(self.ends))
            self.ends.append(meeting)
            self.ends += self._quiet(meeting, held[i + 1] if i + 1 < len(held) else last + 1)

    def _quiet(self, start: int, until: int) -> list[int]:
        """The ends of the cycles without a meeting after ``start``, before ``until``."""
        if self.every is None:
            return []
        return list(range(start + self.every, until, self.every))

    def since(self, start: int) -> list[int]:
        """The ends of the cycles after a day: meetings, and quiet spells counted from it."""
        i = bisect_right(self.held, start)
        if self.every is None:
            return self.held[i:]
        if i < len(self.held):
            return self._quiet(start, self.held[i]) + self.ends[self.where[i] :]
        return self._quiet(start, self.last + 1)


class ActionFacts:
    """Derives the facts of one action at a time, for a projection or a Session.

    Meeting cycles are counted by bisection in each subgroup's cycles, worked
    out once.
    """

    def __init__(self, ctx: Context) -> None:
        self.as_of = ctx.as_of
        every = ctx.params.get("cycle_fallback_days")
        self.every = int(every) if isinstance(every, int) and not isinstance(every, bool) else None
        last = day(ctx.as_of)
        self.cycles: dict[str, _Cycles] = {
            subgroup: _Cycles([day(m.held_on) for m in meetings], last, self.every)
            for subgroup, meetings in ctx.held.items()
        }
        self._none = _Cycles([], last, self.every)
        #: the states some rule can fire on; an action in another gives no facts
        self.open_states = None if ctx.open_states is None else ctx.open_states.get("action")
        #: for each action, the days its own subgroup's meetings held considered it
        self.considered: dict[tuple[str, str], list[int]] = {}
        for subgroup, meetings in ctx.held.items():
            for meeting in meetings:
                for action_id in meeting.considered_actions:
                    self.considered.setdefault((subgroup, action_id), []).append(
                        meeting.held_on.toordinal()
                    )

    @staticmethod
    def keys(action_id: str) -> tuple[FactKey, ...]:
        """The keys of the facts an action itself gives (chained facts hang from them)."""
        return (FactKey("action", action_id), FactKey("escalation", action_id, RECORDED))

    def facts(self, action: Action) -> list[Fact]:
        """The facts about one action: itself, and its recorded escalation if any."""
        # This runs for every action of every partnership: plain day numbers, no helpers.
        as_of = self.as_of
        state = action.state(as_of)
        if state is ActionState.NOT_YET_RAISED:
            return []
        recorded = [e for e in action.escalations if e.on <= as_of] if action.escalations else []
        # the state first (ACTION_STATE's fields, in order): if no rule can fire on it, stop
        is_open = state is ActionState.OPEN
        completed = state is ActionState.COMPLETED
        closed = state is ActionState.CLOSED
        escalated = bool(recorded)
        to_chair = escalated and any(e.to is EscalationLevel.PARTNERSHIP_CHAIR for e in recorded)
        gate = self.open_states
        if gate is not None and (is_open, completed, closed, escalated, to_chair) not in gate:
            return []
        closure = action.closure
        raised = action.raised_on.toordinal()
        data: dict[str, Any] = {
            "title": action.title,
            "raised_on": raised,
            "open": is_open,
            "completed": completed,
            "closed": closed,
            "escalated": escalated,
            "escalated_to_chair": to_chair,
            "closure_reason_recorded": bool(closure and closure.reason),
            "closure_instead_recorded": bool(closure and closure.instead),
        }
        if state is ActionState.CLOSED and closure is not None:
            data["closed_on"] = closure.on.toordinal()
        if action.agency is not None:
            data["agency"] = action.agency
        last_update = action.last_update(as_of) if action.updates else None
        since = raised if last_update is None else max(last_update.toordinal(), raised)
        data["last_progress_on"] = since
        if last_update is not None:
            data["last_update_on"] = last_update.toordinal()
        due_on = action.due_on
        if due_on is not None:
            due = due_on.toordinal()
            data["due_on"] = due
            data["past_due"] = as_of > due_on
            data["days_past_due"] = (as_of - due_on).days
        if action.subgroup is not None:
            data["subgroup"] = action.subgroup
            ends = self.cycles.get(action.subgroup, self._none).since(raised)
            data["meetings"] = ends
            data["cycles_since_update"] = len(ends) - bisect_right(ends, since)
            if due_on is not None:
                data["cycles_since_due"] = len(ends) - bisect_right(ends, max(due, raised))
                seen = self.considered.get((action.subgroup, action.id))
                data["discussed_since_due"] = seen is not None and seen[-1] > due
        fact = Fact(kind="action", key=FactKey("action", action.id), subject=action.id, data=data)
        if not recorded:
            return [fact]
        return [fact, derive_escalation(fact, on=min(e.on for e in recorded), via=RECORDED)]


def project_actions(ctx: Context) -> Iterable[Fact]:
    """The facts about every action raised by *as of*."""
    derive = ActionFacts(ctx)
    for action in ctx.partnership.actions:
        yield from derive.facts(action)


#: the fields an escalation copies from its action, as they stand there (and ``meetings``);
#: the gate reads these to know what an escalation's rules can see of its action's state
ESCALATION_COPIES = ("title", "agency", "subgroup", "open", "escalated_to_chair")


def derive_escalation(parent: Fact, *, on: date, via: str) -> Fact:
    """The action escalated to its subgroup on a date, and its subgroup's meeting cycles since.

    ``via`` is the rule whose finding escalated it, or ``recorded``.
    """
    data: dict[str, Any] = {
        key: parent.data[key] for key in ESCALATION_COPIES if key in parent.data
    }
    data["escalated_on"] = day(on)
    data["via"] = via
    meetings = parent.data.get("meetings", [])
    data["cycles_since_escalated"] = len(meetings) - bisect_right(meetings, day(on))
    if "meetings" in parent.data:
        data["meetings"] = list(meetings)
    return Fact(
        kind="escalation",
        key=FactKey("escalation", parent.subject, via),
        subject=parent.subject,
        data=data,
        parent=parent.key,
    )
