"""The escalation rules written directly in plain Python, as a host would without kscp_core.

This is the yardstick for the fast path, not part of the library: it knows
nothing of rule files, explanations or citations, and gives only what the
three escalation rules decide (which rule, which action, the date it fell
due). The harness checks that it agrees with kscp_core before timing it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from kscp_core import Partnership
from kscp_core.model.actions import EscalationLevel

#: (rule id, action id, date the finding fell due)
Decision = tuple[str, str, date]


def escalations(partnership: Partnership, as_of: date, params: dict[str, Any]) -> set[Decision]:
    """What escalation.two_cycles, escalation.drift and escalation.partnership_chair find.

    A meeting cycle ends at each meeting held and after each spell of
    ``cycle_fallback_days`` without one; a recorded escalation discharges the
    subgroup chair's duty, and one to the Partnership Chair discharges theirs.
    """
    two, drift, chair = (
        int(params["escalation_cycles"]),
        int(params["drift_cycles"]),
        int(params["chair_cycles"]),
    )
    quiet = timedelta(days=int(params["cycle_fallback_days"]))
    held: dict[str, list[date]] = defaultdict(list)
    for meeting in partnership.meetings:
        if not meeting.cancelled and meeting.held_on <= as_of:
            held[meeting.subgroup].append(meeting.held_on)
    for days in held.values():
        days.sort()

    def cycle_ends(meetings: list[date], raised: date) -> list[date]:
        ends: list[date] = []
        last = raised
        for stop in [*(d for d in meetings if d > raised), None]:
            until = stop if stop is not None else as_of + timedelta(days=1)
            while last + quiet < until:
                last += quiet
                ends.append(last)
            if stop is not None:
                ends.append(stop)
                last = stop
        return ends

    def nth_after(days: list[date], after: date, n: int) -> date | None:
        at = bisect_right(days, after) + n - 1
        return days[at] if at < len(days) else None

    found: set[Decision] = set()
    for action in partnership.actions:
        if action.raised_on > as_of or action.subgroup is None:
            continue
        if action.completed_on is not None and action.completed_on <= as_of:
            continue
        if action.closure is not None and action.closure.on <= as_of:
            continue
        days = cycle_ends(held.get(action.subgroup, []), action.raised_on)
        updates = [u.on for u in action.updates if u.on <= as_of]
        since = max([action.raised_on, *updates])
        recorded = [e for e in action.escalations if e.on <= as_of]
        escalated: list[date] = []
        if not recorded:
            if action.due_on is not None and as_of > action.due_on:
                due = nth_after(days, max(action.due_on, action.raised_on), two)
                if due is not None:
                    found.add(("escalation.two_cycles", action.id, due))
                    escalated.append(due)
            due = nth_after(days, since, drift)
            if due is not None:
                found.add(("escalation.drift", action.id, due))
                escalated.append(due)
        else:
            escalated.append(min(e.on for e in recorded))
        if any(e.to is EscalationLevel.PARTNERSHIP_CHAIR for e in recorded):
            continue
        to_chair = [d for d in (nth_after(days, on, chair) for on in escalated) if d is not None]
        if to_chair:
            found.add(("escalation.partnership_chair", action.id, min(to_chair)))
    return found
