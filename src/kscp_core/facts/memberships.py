"""Subgroups: whether each still meets, and each member agency's attendance at its meetings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from kscp_core.facts.base import Context, Fact, day, fact


def project_memberships(ctx: Context) -> Iterable[Fact]:
    """The facts about each member agency of each subgroup that has met."""
    partnership = ctx.partnership
    for subgroup in partnership.subgroups:
        meetings = ctx.held.get(subgroup.id, [])
        if not meetings:
            continue
        for agency in subgroup.members:
            missed = 0
            last_present = meetings[0].held_on - timedelta(days=1)
            for meeting in reversed(meetings):
                if agency in meeting.present:
                    last_present = meeting.held_on
                    break
                missed += 1
            yield fact(
                "membership",
                f"{subgroup.id}/{agency}",
                {
                    "subgroup": subgroup.id,
                    "agency": agency,
                    "consecutive_absences": missed,
                    "last_present_on": day(last_present),
                    "meetings": [day(m.held_on) for m in meetings],
                },
            )


def project_subgroups(ctx: Context) -> Iterable[Fact]:
    """The facts about each subgroup that has met: when it last met."""
    partnership, as_of = ctx.partnership, ctx.as_of
    for subgroup in partnership.subgroups:
        meetings = ctx.held.get(subgroup.id, [])
        if not meetings:
            continue
        last = meetings[-1].held_on
        without = 0
        for meeting in reversed(meetings):
            if meeting.considered_actions:
                break
            without += 1
        yield fact(
            "subgroup",
            subgroup.id,
            {
                "subgroup": subgroup.id,
                "last_met_on": day(last),
                "days_since_met": (as_of - last).days,
                "meetings_without_actions": without,
            },
        )
