"""Meetings, meeting cycles and the forward plan.

A *meeting cycle* is one meeting of a subgroup that was actually held. "N
meeting cycles after date d" means N meetings of that subgroup held strictly
after d and on or before the date of evaluation (*as of*).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NewType

import attrs

from kscp_core.model.agencies import AgencyId
from kscp_core.model.subgroups import SubgroupId

__all__ = [
    "ForwardPlanEntry",
    "ForwardPlanEntryId",
    "Meeting",
    "MeetingId",
    "held_by_subgroup",
    "held_meetings",
    "meeting_cycles",
    "nth_meeting_after",
]

MeetingId = NewType("MeetingId", str)
ForwardPlanEntryId = NewType("ForwardPlanEntryId", str)


@attrs.frozen(kw_only=True)
class Meeting:
    """A meeting of a subgroup: when, who came, and what it considered.

    A meeting dated after *as of* is planned, not held. ``cancelled`` meetings
    never count as held.
    """

    id: MeetingId
    subgroup: SubgroupId
    held_on: date
    present: tuple[AgencyId, ...] = ()
    considered_actions: tuple[str, ...] = ()
    considered_audits: tuple[str, ...] = ()
    considered_reports: tuple[str, ...] = ()
    cancelled: bool = False


@attrs.frozen(kw_only=True)
class ForwardPlanEntry:
    """An item in the forward plan of a subgroup (usually the Business Group)."""

    id: ForwardPlanEntryId
    subgroup: SubgroupId
    planned_for: date
    item: str
    report: str | None = None


def held_by_subgroup(meetings: Iterable[Meeting], as_of: date) -> dict[str, list[Meeting]]:
    """Each subgroup's meetings held on or before *as of*, in date order.

    This is the one place that says what a meeting cycle is: a meeting of the
    subgroup, not cancelled, held by the date (ties in date are ordered by id).

    >>> from datetime import date
    >>> m = [Meeting(id=MeetingId("b"), subgroup=SubgroupId("se"), held_on=date(2025, 3, 1)),
    ...      Meeting(id=MeetingId("a"), subgroup=SubgroupId("se"), held_on=date(2025, 1, 1))]
    >>> [x.id for x in held_by_subgroup(m, date(2025, 2, 1))["se"]]
    ['a']
    """
    held: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        if not meeting.cancelled and meeting.held_on <= as_of:
            held.setdefault(meeting.subgroup, []).append(meeting)
    for found in held.values():
        found.sort(key=lambda m: (m.held_on, m.id))
    return held


def held_meetings(
    meetings: Iterable[Meeting], subgroup: SubgroupId, *, after: date, as_of: date
) -> list[Meeting]:
    """The meetings of a subgroup held strictly after ``after`` and on or before ``as_of``.

    >>> from datetime import date
    >>> m = [Meeting(id=MeetingId(f"m{i}"), subgroup=SubgroupId("se"), held_on=date(2025, i, 10))
    ...      for i in (1, 3, 5)]
    >>> held = held_meetings(m, SubgroupId("se"), after=date(2025, 1, 10), as_of=date(2025, 5, 10))
    >>> [x.id for x in held]
    ['m3', 'm5']
    """
    return [m for m in held_by_subgroup(meetings, as_of).get(subgroup, []) if m.held_on > after]


def meeting_cycles(
    meetings: Iterable[Meeting], subgroup: SubgroupId, *, after: date, as_of: date
) -> int:
    """How many meeting cycles of a subgroup fall after a date, up to *as of*.

    >>> from datetime import date
    >>> m = [Meeting(id=MeetingId("a"), subgroup=SubgroupId("se"), held_on=date(2025, 2, 1))]
    >>> meeting_cycles(m, SubgroupId("se"), after=date(2025, 1, 1), as_of=date(2025, 1, 31))
    0
    >>> meeting_cycles(m, SubgroupId("se"), after=date(2025, 1, 1), as_of=date(2025, 2, 1))
    1
    """
    return len(held_meetings(meetings, subgroup, after=after, as_of=as_of))


def nth_meeting_after(held_on: list[date], after: date, n: int) -> date | None:
    """The date of the n-th meeting cycle after a date, among sorted meeting dates.

    >>> from datetime import date
    >>> days = [date(2025, 1, 10), date(2025, 2, 10), date(2025, 3, 10)]
    >>> nth_meeting_after(days, date(2025, 1, 10), 2)
    datetime.date(2025, 3, 10)
    >>> nth_meeting_after(days, date(2025, 2, 10), 2) is None
    True
    """
    later = [d for d in held_on if d > after]
    if n <= 0:
        return after
    return later[n - 1] if len(later) >= n else None
